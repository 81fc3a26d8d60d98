using Fountain.Economics.Pricing;
using Fountain.Economics.Supply;
using Fountain.Lab.Engine;

namespace Fountain.Lab.Models.Pricing;

/// <summary>The pricing model's parameters; one timestep is one Shift round, sizes in bytes.</summary>
internal sealed class PricingParameters
{
    public required ShiftPricingOptions Pricing { get; init; }
    public required SupplyOracleOptions Oracle { get; init; }
    public required long InitialTotalBytes { get; init; }
    public required double InitialClaimedFraction { get; init; }
    public required double SupplyGrowthPerRound { get; init; }
    public required double SupplyVolatility { get; init; }
    public required int SupplyShockRound { get; init; }
    public required double SupplyShockFraction { get; init; }
    public required double DemandBytesPerRound { get; init; }
    public required double DemandElasticity { get; init; }
    public required double DemandVolatility { get; init; }
    public required int DemandShockRound { get; init; }
    public required double DemandShockFactor { get; init; }
    public required double ReleaseFractionPerRound { get; init; }
    public required int SlotsPerRound { get; init; }
    public required double LiarFraction { get; init; }
    public required double LieFactor { get; init; }
    public required double SampleNoise { get; init; }

    /// <summary>0: forgers sample the swarm (Shift); n &gt; 0: n masternodes report their shares (the chain).</summary>
    public required int Reporters { get; init; }

    /// <summary>With reporters: one report counts for at most this many times the median (the chain's report-clamp-median-multiple; 0: no cap).</summary>
    public required int ReportCapMedianMultiple { get; init; }

    public static PricingParameters From(ParameterSet p) => p.Parsed(Parse);

    private static PricingParameters Parse(ParameterSet p)
    {
        if (!PricingModelNames.TryParse(p.GetString("pricing-model"), out var model))
            throw new ArgumentException($"pricing-model must be {PricingModelNames.ShiftShipped} or {PricingModelNames.Shift2018}, not '{p.GetString("pricing-model")}'.");
        var variant = p.GetString("oracle") switch
        {
            "trimmed-mean" => SupplyOracleVariant.TrimmedMean,
            "windowed-median" => SupplyOracleVariant.WindowedMedian,
            var other => throw new ArgumentException($"oracle must be trimmed-mean or windowed-median, not '{other}'."),
        };
        var pricing = ShiftPricingOptions.Default with { Model = model };
        if (pricing.Validate() is { } bad) throw new ArgumentException($"Pricing options refused: {bad}");
        var oracle = SupplyOracleOptions.Default with
        {
            Variant = variant,
            OutlierRule = new OutlierRule.InterquartileRange((decimal)p.GetNonNegative("outlier-k")),
        };
        long total = p.GetLong("initial-total-bytes");
        if (total < 1) throw new ArgumentException($"initial-total-bytes must be positive, not {total}.");
        int slots = p.GetInt("slots-per-round");
        if (slots < 1) throw new ArgumentException($"slots-per-round must be at least 1, not {slots}.");
        int reporters = p.GetInt("reporters");
        if (reporters < 0) throw new ArgumentException($"reporters must not be negative, not {reporters}.");
        int cap = p.GetInt("report-cap-median-multiple");
        if (cap < 0) throw new ArgumentException($"report-cap-median-multiple must not be negative, not {cap}.");
        return new PricingParameters
        {
            Pricing = pricing,
            Oracle = oracle,
            InitialTotalBytes = total,
            InitialClaimedFraction = p.GetProbability("initial-claimed-fraction"),
            SupplyGrowthPerRound = p.GetDouble("supply-growth-per-round"),
            SupplyVolatility = p.GetNonNegative("supply-volatility"),
            SupplyShockRound = p.GetInt("supply-shock-round"),
            SupplyShockFraction = p.GetProbability("supply-shock-fraction"),
            DemandBytesPerRound = p.GetNonNegative("demand-bytes-per-round"),
            DemandElasticity = p.GetNonNegative("demand-elasticity"),
            DemandVolatility = p.GetNonNegative("demand-volatility"),
            DemandShockRound = p.GetInt("demand-shock-round"),
            DemandShockFactor = p.GetNonNegative("demand-shock-factor"),
            ReleaseFractionPerRound = p.GetProbability("release-fraction-per-round"),
            SlotsPerRound = slots,
            LiarFraction = p.GetProbability("liar-fraction"),
            LieFactor = p.GetNonNegative("lie-factor"),
            SampleNoise = p.GetNonNegative("sample-noise"),
            Reporters = reporters,
            ReportCapMedianMultiple = cap,
        };
    }

    /// <summary>The supply figure validators sample: total bytes under shift-shipped, free bytes under shift-2018.</summary>
    public long TrueFigure(long totalBytes, long claimedBytes) =>
        Pricing.Model == Fountain.Economics.Pricing.PricingModel.ShiftShipped ? totalBytes : Math.Max(0, totalBytes - claimedBytes);
}
