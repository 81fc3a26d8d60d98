namespace Fountain.Economics.Supply;

/// <summary>Which supply oracle turns a round's samples into the next round's Y (issue 5, item 4).</summary>
public enum SupplyOracleVariant
{
    /// <summary>Mean of the round's samples after removing outliers (Shift's 2018 update).</summary>
    TrimmedMean,

    /// <summary>Mode per 10-slot window, median of the last 9 windows (what Shift shipped).</summary>
    WindowedMedian,
}

/// <summary>Supply oracle settings; defaults match <c>fountain.economics.supply</c> in hocon/reference.conf.</summary>
public sealed record SupplyOracleOptions
{
    public static SupplyOracleOptions Default { get; } = new();

    public SupplyOracleVariant Variant { get; init; } = SupplyOracleVariant.TrimmedMean;

    /// <summary>Outlier rule of the trimmed mean; Tukey's 1.5·IQR by default.</summary>
    public OutlierRule OutlierRule { get; init; } = OutlierRule.Tukey;

    /// <summary>Slots per window of the windowed median (Shift: 10).</summary>
    public int WindowSlots { get; init; } = 10;

    /// <summary>Windows the median is taken over (Shift: the last 9).</summary>
    public int Windows { get; init; } = 9;

    /// <summary>
    /// The supply figure in force before any round has closed: the seed's "seed value of Y in the code"
    /// (shift-pricing.txt, "Calculating Y", step 7). 1 TB is a placeholder a network sets at genesis.
    /// </summary>
    public long GenesisSupplyBytes { get; init; } = 1_000_000_000_000;

    /// <summary>A witness accepts a block's supply figure within this fraction of its own (seed: "e.g. 5%").</summary>
    public decimal WitnessTolerance { get; init; } = 0.05m;

    /// <summary>
    /// A supply statistic agreed more than this many heights ago is stale and refused. The default is two
    /// Shift rounds of 101 slots: the previous round's figure is always fresh, an older one is not.
    /// </summary>
    public long MaxStatisticAgeHeights { get; init; } = 202;
}
