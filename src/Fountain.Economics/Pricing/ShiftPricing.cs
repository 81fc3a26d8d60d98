using System.Numerics;

namespace Fountain.Economics.Pricing;

/// <summary>
/// Shift's formula-driven storage price, both directions (issue 5, item 2; seed shift-pricing.txt,
/// "Shift's Locking Mechanism"):
/// <code>
///   P = C · (X / Y) · Z · R          frontend: tokens P to lock for Z bytes
///   Z = P / (C · (X / Y) · R)        backend: bytes Z a LOCK of P tokens claims
/// </code>
/// X is the claimed bytes (the sum of every account's locked bytes), Y the supply, C a constant and R the
/// token/byte conversion. The whole formula is evaluated as one exact fraction and rounded once:
/// a price up to the next base unit (so paying the quoted P always claims at least Z bytes), bytes down
/// (Shift shipped "Z rounded down"; a claim never exceeds what was paid for).
/// </summary>
public static class ShiftPricing
{
    /// <summary>
    /// The tokens P to lock for <paramref name="bytes"/> bytes.
    /// </summary>
    /// <param name="options">Model and parameters.</param>
    /// <param name="claimedBytes">X, the bytes claimed on the network now.</param>
    /// <param name="supplyFigureBytes">The agreed supply figure: free bytes Y under shift-2018; total bytes
    /// under shift-shipped, from which Y = floor(0.9·total) − X.</param>
    /// <param name="bytes">Z, the bytes wanted (positive).</param>
    public static Result<PriceQuote> QuoteTokensForBytes(ShiftPricingOptions options, long claimedBytes, long supplyFigureBytes, long bytes)
    {
        if (bytes <= 0) return Result<PriceQuote>.Reject("bad-bytes", $"bytes to price must be positive, got {bytes}");
        var terms = Terms.Of(options, claimedBytes, supplyFigureBytes);
        if (!terms.IsOk) return Result<PriceQuote>.Reject(terms.Rejection!);
        var t = terms.Value;
        // Shift shipped "not enough storage" when Z > Y. The 2018 update does not say, but a claim beyond
        // the supply cannot be honoured under either model, so both refuse it.
        if (bytes > t.SupplyBytes)
            return Result<PriceQuote>.Reject("not-enough-storage", $"{bytes} bytes asked but only {t.SupplyBytes} bytes are on offer (Z > Y)");
        // In base units: P = Cn·Xr·Z·Ru / (Cd·Yr·Rb), rounded up to a whole unit.
        var units = ExactMath.CeilDiv(t.PriceNumerator * bytes, t.PriceDenominator);
        var tokens = ExactMath.ToLong(units);
        if (tokens is null) return Result<PriceQuote>.Reject("overflow", "the price does not fit in 64-bit token units");
        return Result<PriceQuote>.Ok(t.Quote(bytes, new Tokens(tokens.Value)));
    }

    /// <summary>
    /// The bytes Z that locking <paramref name="tokens"/> claims (rounded down; may be 0 for a tiny amount).
    /// Parameters as in <see cref="QuoteTokensForBytes"/>.
    /// </summary>
    public static Result<PriceQuote> QuoteBytesForTokens(ShiftPricingOptions options, long claimedBytes, long supplyFigureBytes, Tokens tokens)
    {
        if (tokens.Units <= 0) return Result<PriceQuote>.Reject("bad-tokens", $"tokens to convert must be positive, got {tokens}");
        var terms = Terms.Of(options, claimedBytes, supplyFigureBytes);
        if (!terms.IsOk) return Result<PriceQuote>.Reject(terms.Rejection!);
        var t = terms.Value;
        if (t.PriceNumerator.IsZero)
            return Result<PriceQuote>.Reject("zero-price",
                "the shift-2018 price is zero while nothing is claimed (X = 0), so tokens buy unbounded bytes; " +
                "shift-shipped takes X/Y as 1 in that case");
        var bytes = ExactMath.FloorDiv(tokens.Units * t.PriceDenominator, t.PriceNumerator);
        if (bytes > t.SupplyBytes)
            return Result<PriceQuote>.Reject("not-enough-storage", $"{tokens} tokens would claim {bytes} bytes but only {t.SupplyBytes} bytes are on offer (Z > Y)");
        return Result<PriceQuote>.Ok(t.Quote((long)bytes, tokens));
    }

    /// <summary>
    /// Y, the supply the formula divides by: the free bytes under shift-2018; under shift-shipped
    /// floor((1 − reserve)·total) − X. Flooring keeps Y a whole number of bytes; Shift's JavaScript
    /// computed 0.9·Total − X in floating point.
    /// </summary>
    public static long SupplyBytes(ShiftPricingOptions options, long claimedBytes, long supplyFigureBytes)
    {
        if (options.Model == PricingModel.Shift2018) return supplyFigureBytes;
        var (rn, rd) = ExactMath.Fraction(1m - options.ShippedReserveFraction);
        var offered = ExactMath.FloorDiv(rn * supplyFigureBytes, rd);
        return (long)(offered - claimedBytes);
    }

    /// <summary>The formula's terms for one network state, as one fraction: tokens units per byte.</summary>
    private sealed record Terms(
        ShiftPricingOptions Options, long ClaimedBytes, long SupplyFigureBytes, long SupplyBytes, bool RatioTakenAsOne,
        BigInteger PriceNumerator, BigInteger PriceDenominator)
    {
        public static Result<Terms> Of(ShiftPricingOptions o, long claimedBytes, long supplyFigureBytes)
        {
            if (o.Validate() is { } bad) return Result<Terms>.Reject(bad);
            if (claimedBytes < 0) return Result<Terms>.Reject("bad-claimed", $"claimed bytes X must not be negative, got {claimedBytes}");
            if (supplyFigureBytes < 0) return Result<Terms>.Reject("bad-supply", $"the supply figure must not be negative, got {supplyFigureBytes}");
            var y = ShiftPricing.SupplyBytes(o, claimedBytes, supplyFigureBytes);
            // Both models divide by Y; Shift shipped the refusal "no free bytes" when Y ≤ 0.
            if (y <= 0) return Result<Terms>.Reject("no-free-bytes", $"no free bytes: Y = {y}");
            // Shift shipped "X/Y taken as 1 when X = 0", so the first LOCK on a network is not free.
            var ratioAsOne = o.Model == PricingModel.ShiftShipped && claimedBytes == 0;
            BigInteger xr = ratioAsOne ? 1 : claimedBytes, yr = ratioAsOne ? 1 : y;
            var (cn, cd) = ExactMath.Fraction(o.C);
            // P_units / Z = C·(X/Y)·R, with R = ConversionTokens.Units / ConversionBytes.
            var numerator = cn * xr * o.ConversionTokens.Units;
            var denominator = cd * yr * o.ConversionBytes;
            return Result<Terms>.Ok(new Terms(o, claimedBytes, supplyFigureBytes, y, ratioAsOne, numerator, denominator));
        }

        public PriceQuote Quote(long bytes, Tokens tokens) => new(
            Options.Model, bytes, tokens, ClaimedBytes, SupplyFigureBytes, SupplyBytes, Options.C, RatioTakenAsOne,
            Options.ConversionTokens, Options.ConversionBytes);
    }
}
