namespace Fountain.Economics.Supply;

/// <summary>
/// The supply oracle's entry points: a round's estimate with the configured variant, and the agreed
/// figure for a new round (seed shift-pricing.txt, "Calculating Y", steps 6-7: a LOCK in a round uses the
/// figure of the previous round; before any history, the genesis seed value).
/// </summary>
public static class SupplyOracle
{
    /// <summary>The round's estimate from the samples its blocks recorded, in slot order (null: no block).</summary>
    public static Result<long> EstimateRound(SupplyOracleOptions options, IReadOnlyList<long?> slotSamples) =>
        options.Variant switch
        {
            SupplyOracleVariant.TrimmedMean =>
                TrimmedMeanOracle.Estimate(slotSamples.Where(s => s.HasValue).Select(s => s!.Value).ToArray(), options.OutlierRule),
            SupplyOracleVariant.WindowedMedian =>
                WindowedMedianOracle.Estimate(slotSamples, options.WindowSlots, options.Windows),
            _ => throw new ArgumentOutOfRangeException(nameof(options)),
        };

    /// <summary>
    /// The statistic in force after <paramref name="round"/> closes at <paramref name="endHeight"/>: the
    /// round's estimate, or — if the round produced none (no samples) — the previous statistic unchanged,
    /// which then ages towards staleness rather than being silently refreshed.
    /// </summary>
    public static SupplyStatistic CloseRound(
        SupplyOracleOptions options, SupplyStatistic previous, long round, long endHeight, IReadOnlyList<long?> slotSamples)
    {
        var estimate = EstimateRound(options, slotSamples);
        return estimate.IsOk ? new SupplyStatistic(estimate.Value, endHeight, round) : previous;
    }

    /// <summary>Whether a witness accepts a forger's recorded figure against its own cached one.</summary>
    public static bool WitnessAccepts(SupplyOracleOptions options, long proposedBytes, long ownBytes) =>
        WitnessCheck.Accepts(proposedBytes, ownBytes, options.WitnessTolerance);
}
