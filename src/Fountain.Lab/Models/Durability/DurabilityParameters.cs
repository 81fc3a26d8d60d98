using Fountain.Lab.Engine;

namespace Fountain.Lab.Models.Durability;

/// <summary>
/// The durability model's parameters, read and checked once per run. Sizes are in bytes, times in days (one
/// timestep is one day).
/// </summary>
internal sealed record DurabilityParameters(
    int Nodes,
    int Artworks,
    long ArtworkBytes,
    long BlockBytes,
    double LtOverhead,
    double Redundancy,
    int HoldersPerBlock,
    double NodeFailurePerDay,
    double MonthlyChurn,
    bool ReplaceDeparted,
    int BlackSwanDay,
    double BlackSwanFraction,
    bool HealingEnabled,
    double HealThreshold,
    int HealPeriodDays,
    double RepairBandwidthBytesPerDay)
{
    /// <summary>Blocks the archive splits into: ceil(archive bytes ÷ block bytes).</summary>
    public int SourceBlocks => (int)((ArtworkBytes + BlockBytes - 1) / BlockBytes);

    /// <summary>
    /// Distinct blocks needed to decode: LT needs a little more than the source (the seed shows ~2,300 symbols for
    /// 2,048, an overhead of ~12%; fountain-blocks.txt, "efficiency rates of upwards of 85%").
    /// </summary>
    public int BlocksNeeded => (int)Math.Ceiling(SourceBlocks * (1 + LtOverhead) - 1e-9);

    /// <summary>Blocks created: the redundancy factor times the archive (fountain-blocks.txt: "20 x 12 = 240 megabytes worth of chunks").</summary>
    public int BlocksPerArtwork => (int)Math.Ceiling(SourceBlocks * Redundancy - 1e-9);

    /// <summary>
    /// The probability that a node leaves for good on a given day: it fails (Storj measured ~5.4e-5 per
    /// node-day) or its operator quits (monthly churn spread evenly over 30 days), independently.
    /// </summary>
    public double DailyExitProbability => 1 - (1 - NodeFailurePerDay) * Math.Pow(1 - MonthlyChurn, 1.0 / 30);

    /// <summary>The parameters of a subset, parsed once.</summary>
    public static DurabilityParameters From(ParameterSet p) => p.Parsed(Parse);

    private static DurabilityParameters Parse(ParameterSet p)
    {
        var d = new DurabilityParameters(
            p.GetInt("nodes"), p.GetInt("artworks"), p.GetLong("artwork-bytes"), p.GetLong("block-bytes"),
            p.GetNonNegative("lt-overhead"), p.GetDouble("redundancy"), p.GetInt("holders-per-block"),
            p.GetProbability("node-failure-per-day"), p.GetProbability("monthly-churn"), p.GetBool("replace-departed"),
            p.GetInt("black-swan-day"), p.GetProbability("black-swan-fraction"),
            p.GetBool("healing-enabled"), p.GetProbability("heal-threshold"), p.GetInt("heal-period-days"),
            p.GetNonNegative("repair-bandwidth-bytes-per-day"));
        if (d.Nodes < 1 || d.Artworks < 1) throw new ArgumentException("The durability model needs at least one node and one artwork.");
        if (d.ArtworkBytes < 1 || d.BlockBytes < 1) throw new ArgumentException("artwork-bytes and block-bytes must be positive.");
        if (d.Redundancy < 1) throw new ArgumentException($"redundancy must be at least 1, not {d.Redundancy}.");
        if (d.HoldersPerBlock < 1 || d.HoldersPerBlock > d.Nodes) throw new ArgumentException($"holders-per-block must lie in [1, nodes], not {d.HoldersPerBlock}.");
        if (d.HealPeriodDays < 1) throw new ArgumentException($"heal-period-days must be at least 1, not {d.HealPeriodDays}.");
        if ((long)d.Artworks * d.BlocksPerArtwork * d.HoldersPerBlock > 200_000_000)
            throw new ArgumentException("artworks × blocks × holders exceeds 200 million block copies; the model keeps them all in memory.");
        return d;
    }
}
