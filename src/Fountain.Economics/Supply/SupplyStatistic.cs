namespace Fountain.Economics.Supply;

/// <summary>
/// An agreed supply figure: the oracle's value for one closed round, or the genesis seed value.
/// </summary>
/// <param name="Bytes">The figure (free bytes for shift-2018 pricing, total bytes for shift-shipped).</param>
/// <param name="AgreedAtHeight">The height at which the figure was fixed (the end of its round; 0 for genesis).</param>
/// <param name="Round">The round whose samples produced it, or null for the genesis value.</param>
public sealed record SupplyStatistic(long Bytes, long AgreedAtHeight, long? Round)
{
    public static SupplyStatistic Genesis(SupplyOracleOptions options) => new(options.GenesisSupplyBytes, 0, null);

    /// <summary>
    /// The statistic itself if it is no older than <see cref="SupplyOracleOptions.MaxStatisticAgeHeights"/>
    /// at <paramref name="height"/>, otherwise a "stale-supply" rejection (issue 5, item 4).
    /// </summary>
    public Result<SupplyStatistic> FreshAt(long height, SupplyOracleOptions options)
    {
        if (height < AgreedAtHeight)
            return Result<SupplyStatistic>.Reject("future-supply", $"the supply statistic was agreed at height {AgreedAtHeight}, after height {height}");
        var age = height - AgreedAtHeight;
        return age <= options.MaxStatisticAgeHeights
            ? Result<SupplyStatistic>.Ok(this)
            : Result<SupplyStatistic>.Reject("stale-supply",
                $"the supply statistic is {age} heights old (agreed at {AgreedAtHeight}); at most {options.MaxStatisticAgeHeights} is accepted");
    }
}
