using System.Numerics;
using Fountain.Chain.Dev;
using Fountain.Chain.Identity;
using Fountain.Chain.Persistence;
using Fountain.Chain.Rules;
using Fountain.Chain.Transactions;
using Fountain.Testing;
using static Fountain.Chain.Tests.Support.Fixtures;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Transactions;

/// <summary>A transaction's id covers its signed body and its signer (SignedTransaction, tx-id v2), not its signature.</summary>
public sealed class TransactionIdTests
{
    [Fact]
    public void Two_signers_of_the_same_body_get_different_ids()
    {
        var state = Genesis();
        using var alice = NodeKey.Create();
        using var bob = NodeKey.Create();
        var a = Sign(state, alice, new Faucet(Tokens(5)));
        var b = Sign(state, bob, new Faucet(Tokens(5)));
        Assert.Equal(a.Body, b.Body); // same chain, same nonce (0), same payload
        Assert.NotEqual(a.Id, b.Id);

        // Both land in one height, each under its own id.
        var next = ChainRules.Apply(ChainRules.Apply(state, a).Value, b).Value;
        Assert.Equal([a.Id, b.Id], next.PendingTransactionIds);
    }

    [Fact]
    public void A_height_hash_commits_to_who_signed()
    {
        var state = Genesis();
        using var alice = NodeKey.Create();
        using var bob = NodeKey.Create();
        var byAlice = Seal(ChainRules.Apply(state, Sign(state, alice, new Faucet(Tokens(5)))).Value);
        var byBob = Seal(ChainRules.Apply(state, Sign(state, bob, new Faucet(Tokens(5)))).Value);
        Assert.NotEqual(byAlice.Ledger.Account(alice.Id).Available, byBob.Ledger.Account(alice.Id).Available);
        Assert.NotEqual(byAlice.Head.Hash, byBob.Head.Hash);
    }

    [Fact]
    public void Another_valid_signature_or_another_spelling_of_the_key_keeps_the_id()
    {
        var state = Genesis();
        using var key = NodeKey.Create();
        var signed = Sign(state, key, new Faucet(Tokens(5)));

        // A second signature of the same body (ECDSA signs with a fresh random k each time).
        var resigned = signed with { Signature = Convert.ToBase64String(key.Sign(SignedBytes(signed.Body))) };
        Assert.NotEqual(signed.Signature, resigned.Signature);
        Assert.True(resigned.TryOpen(out _, out _));
        Assert.Equal(signed.Id, resigned.Id);

        // The malleated signature (r, n - s) that anyone can derive from a valid one verifies too.
        var malleated = signed with { Signature = Convert.ToBase64String(Malleate(Convert.FromBase64String(signed.Signature))) };
        Assert.True(malleated.TryOpen(out _, out _));
        Assert.Equal(signed.Id, malleated.Id);

        // Base64 with a line break decodes to the same key, so it is the same signer and the same id.
        var spelled = signed with { SignerPublicKey = signed.SignerPublicKey.Insert(8, "\n") };
        Assert.True(spelled.TryOpen(out _, out _));
        Assert.Equal(signed.Id, spelled.Id);

        // Junk in place of a key still has an id (the chain names rejected submissions by it), and not a key's.
        var junk = signed with { SignerPublicKey = "not a key!" };
        Assert.Matches("^[0-9a-f]{64}$", junk.Id);
        Assert.NotEqual(signed.Id, junk.Id);
    }

    [Fact]
    public async Task A_log_that_recorded_other_ids_replays_to_the_same_state_under_the_ids_of_its_bodies_and_signers()
    {
        // A log written before ids covered the signer holds v1 ids; the replay recomputes them from body and key.
        var log = new InMemoryChainLog();
        using var key = NodeKey.Create();
        SignedTransaction sent;
        string balances;
        await using (var chain = await DevChain.StartAsync(log, Options, new ManualClock(Start), ownsLog: false))
        {
            sent = SignedTransaction.Create(new Transaction(chain.ChainId, 0, new Faucet(Tokens(5))), key);
            Assert.Equal(sent.Id, (await chain.SubmitAsync(sent)).TransactionId);
            await chain.SealNowAsync();
            balances = Fingerprint.Accounts(chain.State.Ledger);
        }
        var old = new InMemoryChainLog();
        foreach (var entry in await log.ReadAsync(1, 100))
            await old.AppendAsync(entry.Kind == ChainLogKind.Transaction ? entry with { TransactionId = new string('0', 64) } : entry);

        await using var replayed = await DevChain.StartAsync(old, Options, new ManualClock(Start), ownsLog: false);
        Assert.Equal(balances, Fingerprint.Accounts(replayed.State.Ledger));
        Assert.Equal(sent.Id, (await replayed.GetRecentTransactionsAsync(10)).Single().TransactionId);
    }

    private static byte[] SignedBytes(string body) => System.Text.Encoding.UTF8.GetBytes("fountain/tx/v1\n" + body);

    /// <summary>(r, s) → (r, n − s) on P-256, in the 64-byte IEEE P1363 form NodeKey signs in.</summary>
    private static byte[] Malleate(byte[] signature)
    {
        var n = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber);
        var s = new BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: true);
        var flipped = (n - s).ToByteArray(isUnsigned: true, isBigEndian: true);
        var result = (byte[])signature.Clone();
        Array.Clear(result, 32, 32);
        flipped.CopyTo(result, 64 - flipped.Length);
        return result;
    }
}
