using Fountain.Chain.Identity;
using Fountain.Chain.Rules;
using Fountain.Chain.Transactions;
using static Fountain.Chain.Tests.Support.Fixtures;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Rules;

/// <summary>The checks every transaction goes through before its payload is looked at.</summary>
public sealed class TransactionRuleTests
{
    [Fact]
    public void A_forged_body_a_foreign_key_and_a_garbage_signature_are_refused()
    {
        var state = Genesis();
        using var key = NodeKey.Create();
        using var other = NodeKey.Create();
        var signed = Sign(state, key, new Faucet(Tokens(5)));
        Assert.True(ChainRules.Apply(state, signed).IsOk);
        Assert.Equal("bad-signature", ChainRules.Apply(state, signed with { Body = signed.Body.Replace("500000000", "900000000") }).Rejection!.Code);
        Assert.Equal("bad-signature", ChainRules.Apply(state, signed with { SignerPublicKey = other.PublicKeyBase64 }).Rejection!.Code);
        Assert.Equal("bad-signature", ChainRules.Apply(state, signed with { Signature = Convert.ToBase64String(new byte[64]) }).Rejection!.Code);
        Assert.Equal("bad-signature", ChainRules.Apply(state, signed with { Signature = "not base64!" }).Rejection!.Code);
        Assert.Equal("malformed", ChainRules.Apply(state, signed with { Body = null! }).Rejection!.Code);
    }

    [Fact]
    public void A_signed_body_that_is_not_a_transaction_is_refused()
    {
        var state = Genesis();
        using var key = NodeKey.Create();
        foreach (var body in new[] { "{}", "[]", "null", "{\"chainId\":\"x\",\"nonce\":0,\"payload\":{\"type\":\"mint\",\"amount\":1}}", "{\"chainId\":\"x\",\"nonce\":0}", "{\"chainId\":\"x\",\"nonce\":0,\"payload\":{\"type\":\"faucet\",\"amountBaseUnits\":1},\"extra\":1}" })
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes("fountain/tx/v1\n" + body);
            var signed = new SignedTransaction(body, key.PublicKeyBase64, Convert.ToBase64String(key.Sign(bytes)));
            var result = ChainRules.Apply(state, signed);
            Assert.False(result.IsOk, body);
            Assert.Equal("bad-body", result.Rejection!.Code);
        }
    }

    [Fact]
    public void Nonces_must_follow_one_another_so_a_replay_is_refused()
    {
        var state = Genesis();
        using var key = NodeKey.Create();
        var first = Sign(state, key, new Faucet(Tokens(5)));
        state = ChainRules.Apply(state, first).Value;
        Assert.Equal(1, state.NextNonceOf(key.Id));
        Assert.Equal("bad-nonce", ChainRules.Apply(state, first).Rejection!.Code); // the same transaction again
        Assert.Equal("bad-nonce", ChainRules.Apply(state, Sign(state, key, new Faucet(Tokens(5)), nonce: 2)).Rejection!.Code); // a gap
        Assert.Equal("bad-nonce", ChainRules.Apply(state, Sign(state, key, new Faucet(Tokens(5)), nonce: -1)).Rejection!.Code);
        Assert.True(ChainRules.Apply(state, Sign(state, key, new Faucet(Tokens(5)), nonce: 1)).IsOk);
    }

    [Fact]
    public void A_transaction_of_another_chain_is_refused_and_genesis_decides_the_chain_id()
    {
        var a = Genesis();
        var b = Genesis(Options with { GenesisSeed = "another" });
        using var key = NodeKey.Create();
        var c = Genesis(Options with { GenesisAllocations = Options.GenesisAllocations.Add(key.Id, 1) });
        Assert.NotEqual(a.ChainId, b.ChainId);
        Assert.NotEqual(a.ChainId, c.ChainId);
        Assert.Equal(a.ChainId, Genesis().ChainId);
        var onA = Sign(a, key, new Faucet(Tokens(5)));
        Assert.True(ChainRules.Apply(a, onA).IsOk);
        Assert.Equal("wrong-chain", ChainRules.Apply(b, onA).Rejection!.Code);
    }

    [Fact]
    public void Genesis_allocations_fund_their_accounts_and_bad_options_are_refused()
    {
        using var key = NodeKey.Create();
        var state = Genesis(Options with { GenesisAllocations = Options.GenesisAllocations.Add(key.Id, Tokens(7)) });
        Assert.Equal(Tokens(7), state.Ledger.Account(key.Id).Available.Units);
        Assert.False(ChainRules.Genesis(Options with { GenesisAllocations = Options.GenesisAllocations.Add("bob", 1) }, Start).IsOk);
        Assert.False(ChainRules.Genesis(Options with { GenesisAllocations = Options.GenesisAllocations.Add(key.Id, 0) }, Start).IsOk);
        Assert.False(ChainRules.Genesis(Options with { HeightInterval = TimeSpan.Zero }, Start).IsOk);
        Assert.False(ChainRules.Genesis(Options with { MaxBlocksPerTicket = 0 }, Start).IsOk);
    }
}
