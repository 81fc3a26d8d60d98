using System.Numerics;
using Fountain.Economics.Perpetual;
using Fountain.Economics.Pricing;

namespace Fountain.Economics.Accounts;

/// <summary>
/// The account state machine (issue 5, item 3): <c>Apply(state, transaction)</c> returns the new state or
/// the reason the transaction is refused. Every check runs before anything changes, so a refused
/// transaction leaves no trace; every fee is credited to <see cref="LedgerOptions.FeeSinkAccount"/>, so
/// the sum of all balances never changes (the property tests check both).
/// </summary>
public static class Ledger
{
    public static Result<LedgerState> Apply(LedgerState state, Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(transaction);
        if (string.IsNullOrEmpty(transaction.Sender)) return Reject("bad-account", "the sender must be named");
        try
        {
            return transaction switch
            {
                Transaction.Lock t => ApplyLock(state, t),
                Transaction.Unlock t => ApplyUnlock(state, t),
                Transaction.Pin t => ApplyPin(state, t),
                Transaction.Unpin t => ApplyUnpin(state, t),
                Transaction.Transfer t => ApplyTransfer(state, t),
                Transaction.RegisterArtwork t => ApplyRegisterArtwork(state, t),
                _ => Reject("unknown-transaction", $"no rule for {transaction.GetType().Name}"),
            };
        }
        catch (OverflowException)
        {
            return Reject("overflow", "the transaction's amounts overflow 64-bit units");
        }
    }

    /// <summary>
    /// LOCK (seed shift-pricing.txt, "Shift's Locking Mechanism"): the backend computes the bytes the
    /// amount claims, Z = P / (C·(X/Y)·R), with X the claimed bytes now and Y from the agreed supply
    /// statistic, which must not be stale. The fee is debited on top of the amount, like any transaction fee.
    /// </summary>
    private static Result<LedgerState> ApplyLock(LedgerState state, Transaction.Lock t)
    {
        if (t.Amount.Units <= 0) return Reject("bad-tokens", $"the amount to lock must be positive, got {t.Amount}");
        var fee = state.Options.Fees.Lock;
        var sender = state.Account(t.Sender);
        if (sender.Available < t.Amount + fee)
            return Reject("insufficient-funds", $"locking {t.Amount} tokens with a {fee} fee needs {t.Amount + fee} available, {t.Sender} has {sender.Available}");
        var supply = state.Supply.FreshAt(state.Height, state.Options.Supply);
        if (!supply.IsOk) return Result<LedgerState>.Reject(supply.Rejection!);
        var quote = ShiftPricing.QuoteBytesForTokens(state.Options.Pricing, state.ClaimedBytes, supply.Value.Bytes, t.Amount);
        if (!quote.IsOk) return Result<LedgerState>.Reject(quote.Rejection!);
        var bytes = quote.Value.Bytes;
        if (bytes == 0) return Reject("lock-buys-nothing", $"{t.Amount} tokens buy less than one byte at the current price");
        var after = sender with
        {
            Available = sender.Available - t.Amount - fee,
            Locked = sender.Locked + t.Amount,
            LockedBytes = checked(sender.LockedBytes + bytes),
        };
        return Ok(Credit(state.WithAccount(t.Sender, after), state.Options.FeeSinkAccount, fee) with
        {
            ClaimedBytes = checked(state.ClaimedBytes + bytes),
        });
    }

    /// <summary>
    /// UNLOCK, pro rata (seed, "Shift's Unlocking Mechanism"; <see cref="ProRataUnlock"/>): valid only if
    /// the released bytes are unpinned, i.e. pinned ≤ locked bytes − released.
    /// </summary>
    private static Result<LedgerState> ApplyUnlock(LedgerState state, Transaction.Unlock t)
    {
        var sender = state.Account(t.Sender);
        if (sender.Locked.Units <= 0) return Reject("nothing-locked", $"{t.Sender} has no locked tokens");
        var quote = ProRataUnlock.ForTokens(sender.Locked, sender.LockedBytes, t.Amount, state.Options.Fees.Unlock);
        if (!quote.IsOk) return Result<LedgerState>.Reject(quote.Rejection!);
        var q = quote.Value;
        var maxPinned = q.MaxPinnedBytes(state.Options.UnlockKeepsPinCover, state.Options.Pricing.Replication);
        if (sender.PinnedBytes > maxPinned)
            return Reject("pinned", $"unlocking {t.Amount} tokens releases {q.BytesReleased} bytes, but {sender.PinnedBytes} bytes are pinned and at most {maxPinned} may be");
        var after = sender with
        {
            Available = sender.Available + q.ReturnedToAvailable,
            Locked = q.RemainingLockedTokens,
            LockedBytes = q.RemainingLockedBytes,
        };
        return Ok(Credit(state.WithAccount(t.Sender, after), state.Options.FeeSinkAccount, q.Fee) with
        {
            ClaimedBytes = state.ClaimedBytes - q.BytesReleased,
        });
    }

    /// <summary>PIN: lockedBytes ≥ (pinned + bytes)·replication (issue 5, item 3: Shift's shipped rule).</summary>
    private static Result<LedgerState> ApplyPin(LedgerState state, Transaction.Pin t)
    {
        if (string.IsNullOrEmpty(t.PinId)) return Reject("bad-pin", "a pin must be named");
        if (t.Bytes <= 0) return Reject("bad-bytes", $"the bytes to pin must be positive, got {t.Bytes}");
        var sender = state.Account(t.Sender);
        if (sender.Pins.ContainsKey(t.PinId)) return Reject("duplicate-pin", $"{t.Sender} already pins {t.PinId}");
        var fee = state.Options.Fees.Pin;
        if (sender.Available < fee) return Reject("insufficient-funds", $"the pin fee is {fee} tokens, {t.Sender} has {sender.Available} available");
        var needed = ((BigInteger)sender.PinnedBytes + t.Bytes) * state.Options.Pricing.Replication;
        if (sender.LockedBytes < needed)
            return Reject("insufficient-locked-bytes",
                $"pinning {t.Bytes} more bytes at replication {state.Options.Pricing.Replication} needs {needed} locked bytes, {t.Sender} has {sender.LockedBytes}");
        var after = sender with
        {
            Available = sender.Available - fee,
            PinnedBytes = sender.PinnedBytes + t.Bytes,
            Pins = sender.Pins.Add(t.PinId, t.Bytes),
        };
        return Ok(Credit(state.WithAccount(t.Sender, after), state.Options.FeeSinkAccount, fee));
    }

    /// <summary>UNPIN must name an existing pin of the sender.</summary>
    private static Result<LedgerState> ApplyUnpin(LedgerState state, Transaction.Unpin t)
    {
        var sender = state.Account(t.Sender);
        if (string.IsNullOrEmpty(t.PinId) || !sender.Pins.TryGetValue(t.PinId, out var bytes))
            return Reject("no-such-pin", $"{t.Sender} has no pin named '{t.PinId}'");
        var fee = state.Options.Fees.Unpin;
        if (sender.Available < fee) return Reject("insufficient-funds", $"the unpin fee is {fee} tokens, {t.Sender} has {sender.Available} available");
        var after = sender with
        {
            Available = sender.Available - fee,
            PinnedBytes = sender.PinnedBytes - bytes,
            Pins = sender.Pins.Remove(t.PinId),
        };
        return Ok(Credit(state.WithAccount(t.Sender, after), state.Options.FeeSinkAccount, fee));
    }

    /// <summary>A transfer spends only the available balance (seed: locked tokens serve only PIN, UNPIN and UNLOCK).</summary>
    private static Result<LedgerState> ApplyTransfer(LedgerState state, Transaction.Transfer t)
    {
        if (string.IsNullOrEmpty(t.Recipient)) return Reject("bad-account", "the recipient must be named");
        if (t.Recipient == t.Sender) return Reject("self-transfer", "a transfer to oneself only burns the fee");
        if (t.Amount.Units <= 0) return Reject("bad-tokens", $"the amount to transfer must be positive, got {t.Amount}");
        var fee = state.Options.Fees.Transfer;
        var sender = state.Account(t.Sender);
        if (sender.Available < t.Amount + fee)
            return Reject("insufficient-funds", $"sending {t.Amount} tokens with a {fee} fee needs {t.Amount + fee} available, {t.Sender} has {sender.Available}");
        var next = state.WithAccount(t.Sender, sender with { Available = sender.Available - t.Amount - fee });
        next = Credit(next, t.Recipient, t.Amount);
        return Ok(Credit(next, state.Options.FeeSinkAccount, fee));
    }

    /// <summary>
    /// Registration under the perpetual-fee model (seed fountain-blocks.txt: a one-time fee "set as to cover
    /// the estimated storage costs in perpetuity"; <see cref="PerpetualFee"/>). The fee offered must cover
    /// the quote for the artwork's size; all of it goes to the reward pool that pays the masternodes.
    /// </summary>
    private static Result<LedgerState> ApplyRegisterArtwork(LedgerState state, Transaction.RegisterArtwork t)
    {
        if (string.IsNullOrEmpty(t.ArtworkId)) return Reject("bad-artwork", "the artwork id must not be empty");
        if (state.Artworks.ContainsKey(t.ArtworkId)) return Reject("duplicate-artwork", $"artwork {t.ArtworkId} is already registered");
        var quote = PerpetualFee.Quote(state.Options.PerpetualFee, t.SizeBytes);
        if (!quote.IsOk) return Result<LedgerState>.Reject(quote.Rejection!);
        if (t.Fee < quote.Value.Fee)
            return Reject("fee-too-low", $"registering {t.SizeBytes} bytes costs {quote.Value.Fee} tokens, {t.Fee} offered");
        var sender = state.Account(t.Sender);
        if (sender.Available < t.Fee)
            return Reject("insufficient-funds", $"the registration fee is {t.Fee} tokens, {t.Sender} has {sender.Available} available");
        var next = state.WithAccount(t.Sender, sender with { Available = sender.Available - t.Fee });
        return Ok(Credit(next, state.Options.FeeSinkAccount, t.Fee) with
        {
            Artworks = state.Artworks.Add(t.ArtworkId, new ArtworkRegistration(t.Sender, t.SizeBytes, t.Fee, state.Height)),
        });
    }

    private static LedgerState Credit(LedgerState state, string id, Tokens amount)
    {
        if (amount.Units == 0) return state;
        var account = state.Account(id);
        return state.WithAccount(id, account with { Available = account.Available + amount });
    }

    private static Result<LedgerState> Ok(LedgerState state) => Result<LedgerState>.Ok(state);
    private static Result<LedgerState> Reject(string code, string message) => Result<LedgerState>.Reject(code, message);
}
