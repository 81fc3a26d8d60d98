using System.Numerics;

namespace Fountain.Economics.Accounts;

/// <summary>
/// What an UNLOCK does, before it is applied: the pro-rata formulas of seed shift-pricing.txt, "Shift's
/// Unlocking Mechanism":
/// <code>
///   bytes_unlocked = (shift_submitted_for_unlock / total_shift_locked) · total_bytes_locked
///   remaining_shift_locked = total_shift_locked − shift_submitted_for_unlock
///   shift_returned_to_available_balance = shift_submitted_for_unlock − tx_fee
/// </code>
/// bytes_unlocked is rounded half up to a whole byte, as Shift shipped (round(lockedBytes·amount/lockedBalance)).
/// </summary>
public static class ProRataUnlock
{
    /// <summary>Unlocking <paramref name="amount"/> tokens.</summary>
    public static Result<UnlockQuote> ForTokens(Tokens lockedTokens, long lockedBytes, Tokens amount, Tokens fee)
    {
        if (Check(lockedTokens, lockedBytes, fee) is { } bad) return Result<UnlockQuote>.Reject(bad);
        if (amount.Units <= 0) return Result<UnlockQuote>.Reject("bad-tokens", $"the amount to unlock must be positive, got {amount}");
        if (amount > lockedTokens)
            return Result<UnlockQuote>.Reject("insufficient-locked", $"cannot unlock {amount} tokens: only {lockedTokens} are locked");
        if (amount < fee)
            return Result<UnlockQuote>.Reject("unlock-below-fee", $"unlocking {amount} tokens would not cover the {fee} token fee");
        var released = (long)ExactMath.RoundHalfUp((BigInteger)lockedBytes * amount.Units, lockedTokens.Units);
        return Result<UnlockQuote>.Ok(new UnlockQuote(
            lockedTokens, lockedBytes, amount, released, lockedTokens - amount, lockedBytes - released, fee, amount - fee));
    }

    /// <summary>
    /// The tokens to unlock to return at least <paramref name="bytes"/> bytes: the seed's reverse formula
    /// (bytes / total_bytes_locked) · total_shift_locked, rounded up to a whole base unit. The transaction
    /// is still an amount of tokens (the seed: "UNLOCK will ultimately always be based on the amount of
    /// tokens sent"), so the quote reports the bytes that amount releases.
    /// </summary>
    public static Result<UnlockQuote> ForBytes(Tokens lockedTokens, long lockedBytes, long bytes, Tokens fee)
    {
        if (Check(lockedTokens, lockedBytes, fee) is { } bad) return Result<UnlockQuote>.Reject(bad);
        if (bytes <= 0) return Result<UnlockQuote>.Reject("bad-bytes", $"the bytes to release must be positive, got {bytes}");
        if (bytes > lockedBytes)
            return Result<UnlockQuote>.Reject("insufficient-locked", $"cannot release {bytes} bytes: only {lockedBytes} are locked");
        var units = (long)ExactMath.CeilDiv((BigInteger)bytes * lockedTokens.Units, lockedBytes);
        return ForTokens(lockedTokens, lockedBytes, new Tokens(units), fee);
    }

    private static Rejection? Check(Tokens lockedTokens, long lockedBytes, Tokens fee)
    {
        if (lockedTokens.Units <= 0) return new("nothing-locked", $"the locked balance must be positive, got {lockedTokens}");
        if (lockedBytes < 0) return new("bad-bytes", $"locked bytes must not be negative, got {lockedBytes}");
        if (fee.IsNegative) return new("bad-option", $"the unlock fee must not be negative, got {fee}");
        return null;
    }
}

/// <summary>An UNLOCK's effect.</summary>
/// <param name="LockedTokens">total_shift_locked before.</param>
/// <param name="LockedBytes">total_bytes_locked before.</param>
/// <param name="Amount">shift_submitted_for_unlock.</param>
/// <param name="BytesReleased">bytes_unlocked, rounded half up.</param>
/// <param name="RemainingLockedTokens">remaining_shift_locked.</param>
/// <param name="RemainingLockedBytes">Locked bytes after.</param>
/// <param name="Fee">tx_fee.</param>
/// <param name="ReturnedToAvailable">shift_returned_to_available_balance.</param>
public sealed record UnlockQuote(
    Tokens LockedTokens,
    long LockedBytes,
    Tokens Amount,
    long BytesReleased,
    Tokens RemainingLockedTokens,
    long RemainingLockedBytes,
    Tokens Fee,
    Tokens ReturnedToAvailable)
{
    /// <summary>
    /// The most bytes that may be pinned for this UNLOCK to be valid. Shift's rule (issue 5, item 3; the
    /// seed: "the proportion that is used/pinned is not greater than 200 – 57.142857"): the released bytes
    /// must be unpinned, so pinned ≤ locked bytes − released. The stricter rule keeps every pin covered
    /// replication times over after the unlock, as PIN requires: pinned ≤ floor(remaining / replication).
    /// </summary>
    public long MaxPinnedBytes(bool keepPinCover, int replication) =>
        keepPinCover ? RemainingLockedBytes / replication : RemainingLockedBytes;
}
