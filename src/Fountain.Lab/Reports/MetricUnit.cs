using Fountain.Lab.Models.Challenges;
using Fountain.Lab.Models.Durability;
using Fountain.Lab.Models.Pricing;
using Fountain.Lab.Models.Reputation;

namespace Fountain.Lab.Reports;

/// <summary>
/// What a metric's numbers are, for a chart's axis: the unit named on the axis, whether the quantity can be negative
/// (a count, a size or a fraction cannot, so its axis never goes below 0) and whether it is capped at 1 (a fraction).
/// </summary>
public sealed record MetricUnit(string Name, bool NonNegative, bool AtMostOne = false)
{
    public static readonly MetricUnit Count = new("count", NonNegative: true);
    public static readonly MetricUnit Bytes = new("bytes", NonNegative: true);
    public static readonly MetricUnit Fraction = new("fraction, 0–1", NonNegative: true, AtMostOne: true);
    public static readonly MetricUnit Tokens = new("tokens", NonNegative: false);
    public static readonly MetricUnit Value = new("value", NonNegative: false);

    /// <summary>
    /// The unit of a model's metric, from the metric's name: the models name their metrics by what they measure
    /// (<c>-bytes</c>, <c>-fraction</c>, <c>artworks-</c>, <c>profit-</c> ...); a name no rule knows is a signed "value".
    /// </summary>
    public static MetricUnit Of(string metric) => metric switch
    {
        "price-tokens-per-gb" => new("tokens per GB", NonNegative: true),
        "oracle-error" => new("relative error (Y reported − true) ÷ true", NonNegative: false),
        "locked-tokens" => new("tokens", NonNegative: true),
        "mean-redundancy" or "min-redundancy" or "p10-redundancy" => new("live blocks ÷ blocks needed", NonNegative: true),
        "mean-epochs-to-catch-lazy" => new("epochs", NonNegative: true),
        "mean-rounds-to-disqualify-bad" => new("audit rounds", NonNegative: true),
        "utilisation" => Fraction,
        _ when metric.StartsWith("profit-", StringComparison.Ordinal) => new("tokens per node", NonNegative: false),
        _ when metric.EndsWith("-bytes", StringComparison.Ordinal) || metric.EndsWith("-bytes-today", StringComparison.Ordinal) => Bytes,
        _ when metric.EndsWith("-fraction", StringComparison.Ordinal) => Fraction,
        _ when metric.Contains("score", StringComparison.Ordinal) => new("beta reputation score, 0–1", NonNegative: true, AtMostOne: true),
        "nodes-online" or "audits" or "challenges" or "failures" or "false-positives" or "honest-penalized" or "refused-quotes" => Count,
        _ when metric.StartsWith("artworks-", StringComparison.Ordinal) => Count,
        _ => Value,
    };

    /// <summary>What one timestep of a model stands for (the scenarios' "one timestep = ..."), for the time axis.</summary>
    public static string TimestepOf(string model) => model switch
    {
        DurabilityModel.Name => "day",
        ChallengeModel.Name => "epoch",
        ShiftMarketModel.Name => "Shift round",
        ReputationModel.Name => "audit round",
        _ => "timestep",
    };
}
