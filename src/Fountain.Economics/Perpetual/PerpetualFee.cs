namespace Fountain.Economics.Perpetual;

/// <summary>
/// The one-time registration fee that pays for storing an artwork forever (issue 5, item 5; seed
/// fountain-blocks.txt: a registration fee "set as to cover the estimated storage costs in perpetuity").
/// It follows Arweave's endowment model: if keeping a byte for a year costs c today and that cost falls
/// by a fraction d each year, keeping it forever costs ∫₀^∞ c·(1 − d)^t dt = c / −ln(1 − d). Hence
/// <code>fee = size × replicas × yearly cost per byte / −ln(1 − d)</code>
/// Arweave assumes d = 0.5% and 20 replicas; Fountain pays for redundancy × holders per block replicas.
/// </summary>
public static class PerpetualFee
{
    public static Result<PerpetualFeeQuote> Quote(PerpetualFeeOptions options, long sizeBytes)
    {
        if (options.Validate() is { } bad) return Result<PerpetualFeeQuote>.Reject(bad);
        if (sizeBytes <= 0) return Result<PerpetualFeeQuote>.Reject("bad-bytes", $"the artwork size must be positive, got {sizeBytes}");
        try
        {
            var replicas = options.EffectiveReplicas;
            // size × replicas × cost is exact in decimal (a product of integers and a short decimal).
            var firstYear = (decimal)sizeBytes * replicas * options.YearlyCostTokensPerGigabyte / PerpetualFeeOptions.BytesPerGigabyte;
            var years = 1m / NaturalLog.MinusLnOneMinus(options.YearlyCostDecline);
            var fee = firstYear * years;
            var units = decimal.Ceiling(fee * Tokens.UnitsPerToken);
            if (units > long.MaxValue) return Result<PerpetualFeeQuote>.Reject("overflow", "the fee does not fit in 64-bit token units");
            return Result<PerpetualFeeQuote>.Ok(new PerpetualFeeQuote(
                sizeBytes, replicas, options.Replicas == 0, options.YearlyCostTokensPerGigabyte, options.YearlyCostDecline,
                firstYear / 1.000000000000000000000000000000000m, years, new Tokens((long)units)));
        }
        catch (OverflowException)
        {
            return Result<PerpetualFeeQuote>.Reject("overflow", "the fee is too large to compute");
        }
    }
}
