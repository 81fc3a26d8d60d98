using System.Collections.Immutable;
using System.Text.Json;
using Fountain.Chain.Model;
using Fountain.Chain.State;
using Fountain.Chain.Transactions;
using Fountain.Economics;
using Fountain.Economics.Accounts;
using Fountain.Economics.Rewards;
using Lock = Fountain.Chain.Transactions.Lock;
using EconomicsLedger = Fountain.Economics.Accounts.Ledger;
using EconomicsTransaction = Fountain.Economics.Accounts.Transaction;

namespace Fountain.Chain.Rules;

/// <summary>
/// The development chain as a pure state machine (issue 4, item 1). <see cref="Apply"/> validates everything a
/// transaction claims — signature, chain id, the signer's nonce, every payload field, and who may do what — and
/// returns either the new state or a rejection; the state it was given is never changed (it is immutable), so a
/// rejected transaction leaves no trace. <see cref="HeightSealing.Seal"/> closes the pending height. No clock, no
/// randomness, no I/O: replaying the same log gives the same state and the same head hash.
/// </summary>
public static class ChainRules
{
    /// <summary>The state at height 0: genesis allocations, the reward pool and the faucet funded, nothing else.</summary>
    public static Result<ChainState> Genesis(ChainOptions options, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } bad) return Result<ChainState>.Reject("bad-options", bad);
        var accounts = new List<KeyValuePair<string, Account>>();
        foreach (var (id, units) in options.GenesisAllocations) accounts.Add(new(id, Account.WithAvailable(new Tokens(units))));
        if (options.RewardPoolGenesisBaseUnits > 0)
            accounts.Add(new(options.RewardPoolAccount, Account.WithAvailable(new Tokens(options.RewardPoolGenesisBaseUnits))));
        if (options.FaucetGenesisBaseUnits > 0)
            accounts.Add(new(ChainOptions.FaucetAccount, Account.WithAvailable(new Tokens(options.FaucetGenesisBaseUnits))));
        var ledger = LedgerState.Genesis(options.Economics.Ledger, accounts);
        if (!ledger.IsOk) return Result<ChainState>.Reject(ledger.Rejection!);
        var rewards = RewardLedger.Create(options.Economics.Rewards);
        if (!rewards.IsOk) return Result<ChainState>.Reject(rewards.Rejection!);
        var genesisHash = ChainHashes.Genesis(options);
        return Result<ChainState>.Ok(new ChainState
        {
            Options = options,
            ChainId = ChainHashes.ChainId(genesisHash),
            Heads = [new ChainHead(0, genesisHash, time)],
            Ledger = ledger.Value.AtHeight(1).Value,
            Rewards = rewards.Value,
        });
    }

    /// <summary>Applies a signed transaction to the pending height, or says why not.</summary>
    public static Result<ChainState> Apply(ChainState state, SignedTransaction signed)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (signed?.Body is null || signed.SignerPublicKey is null || signed.Signature is null)
            return Reject("malformed", "a transaction needs a body, a signer public key and a signature");
        Transactions.Transaction? transaction;
        string? why;
        try
        {
            if (!signed.TryOpen(out transaction, out why)) return Reject(why!.Contains("signature") ? "bad-signature" : "bad-body", why);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException or ArgumentException or FormatException)
        {
            return Reject("bad-body", $"the body is not a transaction: {e.Message}");
        }
        var signer = signed.SignerId!;
        if (transaction!.ChainId != state.ChainId)
            return Reject("wrong-chain", $"the transaction is for chain '{transaction.ChainId}', this is '{state.ChainId}'");
        var expected = state.NextNonceOf(signer);
        if (transaction.Nonce != expected)
            return Reject("bad-nonce", $"signer {signer} must use nonce {expected} next, the transaction carries {transaction.Nonce}");
        var context = new Signer(signer, signed.SignerPublicKey);
        Result<ChainState> result;
        try
        {
            result = transaction.Payload switch
            {
                RegisterMasternode p => MasternodeRules.Register(state, context, p),
                ReportStorage p => MasternodeRules.Report(state, context, p),
                RegisterArtwork p => ArtworkRules.Register(state, context, p),
                ClaimArtwork p => ArtworkRules.Claim(state, context, p),
                AmendArtwork p => ArtworkRules.Amend(state, context, p),
                ReportChallenge p => ChallengeRules.Report(state, context, p),
                Lock or Unlock or Pin or Unpin or Transfer or Faucet => AccountRules.Apply(state, context, transaction.Payload),
                _ => Reject("unknown-payload", $"no rule for {transaction.Payload.GetType().Name}"),
            };
        }
        catch (OverflowException)
        {
            result = Reject("overflow", "the transaction's amounts overflow 64-bit units");
        }
        if (!result.IsOk) return result;
        var next = result.Value;
        return Result<ChainState>.Ok(next with
        {
            NextNonces = next.NextNonces.SetItem(signer, expected + 1),
            PendingTransactionIds = next.PendingTransactionIds.Add(signed.Id),
        });
    }

    internal static Result<ChainState> Reject(string code, string message) => Result<ChainState>.Reject(code, message);

    /// <summary>Runs an Economics ledger transaction inside the chain state.</summary>
    internal static Result<ChainState> Ledger(ChainState state, EconomicsTransaction transaction) =>
        EconomicsLedger.Apply(state.Ledger, transaction).Map(ledger => state with { Ledger = ledger });

    /// <summary>The transaction's verified signer: its id (the account that acts and pays) and its public key.</summary>
    internal readonly record struct Signer(string Id, string PublicKey);

    /// <summary>An account as the API shows it.</summary>
    public static AccountView AccountOf(ChainState state, string id)
    {
        var a = state.Ledger.Account(id);
        return new AccountView(id, a.Available.Units, a.Locked.Units, a.LockedBytes, a.PinnedBytes,
            a.Pins.ToImmutableSortedDictionary(StringComparer.Ordinal), state.NextNonceOf(id));
    }
}
