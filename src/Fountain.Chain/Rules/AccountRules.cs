using Fountain.Chain.State;
using Fountain.Chain.Transactions;
using Fountain.Economics;
using Lock = Fountain.Chain.Transactions.Lock;
using EconomicsTransaction = Fountain.Economics.Accounts.Transaction;

namespace Fountain.Chain.Rules;

/// <summary>
/// The Shift account operations on the chain (issue 5, item 7): each is the signer's own Economics ledger
/// transaction, so LOCK, UNLOCK, PIN, UNPIN and transfers follow exactly the rules (and fees) of Fountain.Economics.
/// The chain adds what only it can check: recipients are identities, and pins named "artwork:…" belong to artwork
/// registrations under the lock payment model, so they can be neither made nor removed by hand.
/// </summary>
internal static class AccountRules
{
    /// <summary>Pins made by RegisterArtwork under the lock model carry this prefix.</summary>
    public const string ArtworkPinPrefix = "artwork:";

    public static Result<ChainState> Apply(ChainState state, ChainRules.Signer signer, TransactionPayload payload) => payload switch
    {
        Lock p => ChainRules.Ledger(state, new EconomicsTransaction.Lock(signer.Id, new Tokens(p.AmountBaseUnits))),
        Unlock p => ChainRules.Ledger(state, new EconomicsTransaction.Unlock(signer.Id, new Tokens(p.AmountBaseUnits))),
        Pin p => PinId(state, p.PinId) is { } bad ? bad : ChainRules.Ledger(state, new EconomicsTransaction.Pin(signer.Id, p.PinId, p.Bytes)),
        Unpin p => PinId(state, p.PinId) is { } bad ? bad : ChainRules.Ledger(state, new EconomicsTransaction.Unpin(signer.Id, p.PinId)),
        Transfer p => Transfer(state, signer, p),
        Faucet p => Faucet(state, signer, p),
        _ => ChainRules.Reject("unknown-payload", $"no account rule for {payload.GetType().Name}"),
    };

    private static Result<ChainState>? PinId(ChainState state, string? pinId)
    {
        if (string.IsNullOrEmpty(pinId) || pinId.Length > state.Options.MaxPinIdChars)
            return ChainRules.Reject("bad-pin", $"a pin id must have 1 to {state.Options.MaxPinIdChars} characters");
        if (pinId.StartsWith(ArtworkPinPrefix, StringComparison.Ordinal))
            return ChainRules.Reject("reserved-pin", $"pins named '{ArtworkPinPrefix}…' are made and kept by artwork registrations");
        return null;
    }

    private static Result<ChainState> Transfer(ChainState state, ChainRules.Signer signer, Transfer p)
    {
        if (!Hex.IsId(p.RecipientId)) return ChainRules.Reject("bad-recipient", "the recipient must be an identity id (64 lower-case hex digits)");
        return ChainRules.Ledger(state, new EconomicsTransaction.Transfer(signer.Id, p.RecipientId, new Tokens(p.AmountBaseUnits)));
    }

    /// <summary>Development funding: the faucet account pays, so tokens are moved, never made.</summary>
    private static Result<ChainState> Faucet(ChainState state, ChainRules.Signer signer, Faucet p)
    {
        if (!state.Options.FaucetEnabled) return ChainRules.Reject("faucet-disabled", "this chain has no faucet (fountain.chain.faucet.enabled = false)");
        if (p.AmountBaseUnits < 1 || p.AmountBaseUnits > state.Options.FaucetMaxBaseUnitsPerRequest)
            return ChainRules.Reject("bad-tokens", $"a faucet request must be 1 to {state.Options.FaucetMaxBaseUnitsPerRequest} base units, got {p.AmountBaseUnits}");
        var result = ChainRules.Ledger(state, new EconomicsTransaction.Transfer(ChainOptions.FaucetAccount, signer.Id, new Tokens(p.AmountBaseUnits)));
        return result.IsOk || result.Rejection!.Code != "insufficient-funds"
            ? result
            : ChainRules.Reject("faucet-empty", $"the faucet cannot pay {p.AmountBaseUnits} base units: {result.Rejection.Message}");
    }
}
