using System.Runtime.CompilerServices;
using Fountain.Economics;
using Fountain.Economics.Accounts;
using Fountain.Economics.Pricing;
using Fountain.Economics.Supply;
using Fountain.Lab.Engine;

namespace Fountain.Lab.Models.Pricing;

/// <summary>
/// Shift pricing under supply and demand shocks and lying forgers (seed shift-pricing.txt: P = C·(X/Y)·Z·R, the
/// LOCK/UNLOCK mechanism, and "Calculating Y": forgers sample the supply, a round's samples become the next
/// round's Y). Every price, unlock and oracle figure comes from Fountain.Economics (ShiftPricing, ProRataUnlock,
/// SupplyOracle); this model only drives them. Each round (timestep): (1) the storage on offer drifts, with a
/// supply shock on one round; (2) users lock new storage at the price quoted against the previous round's agreed
/// figure (their demand falls as the price rises, with a demand shock on one round) and release a fraction of
/// what they hold, pro rata; (3) the round's slots sample the supply figure and the oracle closes the round.
/// Metrics: price per GB, oracle error, utilisation, refused locks.
/// <para>
/// Sampling, two ways. With <c>reporters = 0</c> (the seed's Shift): each slot's forger reads the swarm's figure, a
/// liar forger (chosen per slot with probability <c>liar-fraction</c>) records it multiplied by the lie factor. With
/// <c>reporters</c> = n &gt; 0 (Fountain's chain, HeightSealing): n masternodes hold equal shares of the storage and
/// report their own share every slot; round(liar-fraction·n) of them lie steadily (their share times the lie
/// factor, every slot), and each slot's sample is Economics' ReportedSupply.Sample — the sum with every report capped
/// at <c>report-cap-median-multiple</c> times the median, as the chain computes it.
/// </para>
/// Assumptions: one aggregate user; constant-elasticity demand around the genesis price; liars coordinate on one
/// lie; honest forgers read the same cached figure (noise 0 by default, as the seed's 5-minute cache implies).
/// </summary>
public static class ShiftMarketModel
{
    public const string Name = "pricing";

    private const string Statistic = "statistic", LockedUnits = "locked-units", ReferencePrice = "reference-price";
    private const long GigaByte = 1_000_000_000;

    /// <summary>
    /// Defaults: 1 PB on offer, 30% of the offer claimed, supply growing 0.1% a round with 1% noise, demand of 2 TB
    /// a round with unit elasticity and 20% noise, 1% of claims released a round, Shift's 101 slots per round
    /// (the seed), no shocks, no liars, Shift's shipped pricing and the trimmed-mean oracle with Tukey's fences, forgers
    /// sampling (reporters 0) and, for reporter sampling, the chain's cap of 2 × the median report.
    /// </summary>
    public static IReadOnlyDictionary<string, object> Defaults { get; } = new Dictionary<string, object>
    {
        ["pricing-model"] = PricingModelNames.ShiftShipped,
        ["oracle"] = "trimmed-mean",
        ["outlier-k"] = 1.5,
        ["initial-total-bytes"] = 1_000_000_000_000_000L,
        ["initial-claimed-fraction"] = 0.3,
        ["supply-growth-per-round"] = 0.001,
        ["supply-volatility"] = 0.01,
        ["supply-shock-round"] = 0L,
        ["supply-shock-fraction"] = 0.0,
        ["demand-bytes-per-round"] = 2_000_000_000_000.0,
        ["demand-elasticity"] = 1.0,
        ["demand-volatility"] = 0.2,
        ["demand-shock-round"] = 0L,
        ["demand-shock-factor"] = 1.0,
        ["release-fraction-per-round"] = 0.01,
        ["slots-per-round"] = 101L,
        ["liar-fraction"] = 0.0,
        ["lie-factor"] = 10.0,
        ["sample-noise"] = 0.0,
        ["reporters"] = 0L,
        ["report-cap-median-multiple"] = 2L,
    };

    public static LabModel Create() => new(
        Name,
        [
            new(Statistic, Recorded: false), new(LockedUnits, Recorded: false), new(ReferencePrice, Recorded: false),
            new("total-bytes"), new("claimed-bytes"), new("supply-figure-bytes"), new("oracle-error"),
            new("price-tokens-per-gb"), new("utilisation"), new("locked-tokens"), new("demand-bytes"), new("refused-bytes"), new("refused-quotes"),
        ],
        Initial,
        [
            new("supply", [SupplyMoves], [new("total-bytes", (_, _, sig) => sig["total-bytes"])]),
            new("lock",
                [LocksAndUnlocks],
                [
                    new("claimed-bytes", (_, _, sig) => sig["claimed-bytes"]),
                    new(LockedUnits, (_, _, sig) => sig[LockedUnits]),
                    new("locked-tokens", (_, _, sig) => sig.Get<long>(LockedUnits) / (double)Tokens.UnitsPerToken),
                    new("demand-bytes", (_, _, sig) => sig["demand-bytes"]),
                    new("refused-bytes", (_, s, sig) => s.GetDouble("refused-bytes") + sig.GetDouble("refused-bytes")),
                ]),
            new("oracle",
                [CloseRound],
                [
                    new(Statistic, (_, _, sig) => sig[Statistic]),
                    new("supply-figure-bytes", (_, _, sig) => sig.Get<SupplyStatistic>(Statistic).Bytes),
                    new("oracle-error", (_, _, sig) => sig["oracle-error"]),
                    new("price-tokens-per-gb", (_, s, sig) => sig.GetOrDefault("price", s.GetDouble("price-tokens-per-gb"))),
                    new("refused-quotes", (_, s, sig) => s.Get<long>("refused-quotes") + (sig.Contains("price") ? 0L : 1L)),
                    new("utilisation", (ctx, s, _) => (double)s.Get<long>("claimed-bytes") / s.Get<long>("total-bytes")),
                ]),
        ]);

    private static IReadOnlyDictionary<string, object> Initial(StepContext ctx)
    {
        var p = PricingParameters.From(ctx.Parameters);
        long total = p.InitialTotalBytes;
        long claimed = (long)(p.InitialClaimedFraction * ShiftPricing.SupplyBytes(p.Pricing, 0, total));
        long figure = p.TrueFigure(total, claimed);
        var statistic = new SupplyStatistic(figure, 0, null);
        double price = PricePerGb(p, claimed, figure)
            ?? throw new ArgumentException("The genesis network has no free bytes to price; lower initial-claimed-fraction.");
        var locked = claimed == 0 ? Tokens.Zero : ShiftPricing.QuoteTokensForBytes(p.Pricing, claimed, figure, claimed) is { IsOk: true } q ? q.Value.Tokens : Tokens.Zero;
        return new Dictionary<string, object>
        {
            [Statistic] = statistic, [LockedUnits] = locked.Units, [ReferencePrice] = price,
            ["total-bytes"] = total, ["claimed-bytes"] = claimed, ["supply-figure-bytes"] = figure, ["oracle-error"] = 0.0,
            ["price-tokens-per-gb"] = price, ["utilisation"] = (double)claimed / total, ["locked-tokens"] = locked.Units / (double)Tokens.UnitsPerToken,
            ["demand-bytes"] = 0.0, ["refused-bytes"] = 0.0, ["refused-quotes"] = 0L,
        };
    }

    /// <summary>The tokens to lock for one GB (10^9 bytes), from Economics; null when it refuses to quote (no free bytes).</summary>
    private static double? PricePerGb(PricingParameters p, long claimed, long figure)
    {
        var quote = ShiftPricing.QuoteTokensForBytes(p.Pricing, claimed, figure, GigaByte);
        return quote.IsOk ? quote.Value.Tokens.Units / (double)Tokens.UnitsPerToken : null;
    }

    /// <summary>Log-normal multiplicative noise with mean 1: exp(σ·N(0,1) − σ²/2).</summary>
    private static double Noise(LabRandom random, double sigma) => sigma == 0 ? 1 : Math.Exp(sigma * random.NextNormal() - sigma * sigma / 2);

    private static Signals SupplyMoves(StepContext ctx, LabState s)
    {
        var p = PricingParameters.From(ctx.Parameters);
        double total = s.Get<long>("total-bytes") * (1 + p.SupplyGrowthPerRound) * Noise(ctx.Random, p.SupplyVolatility);
        if (ctx.Timestep == p.SupplyShockRound) total *= 1 - p.SupplyShockFraction;
        // Storage already claimed stays on offer: a shock removes free space first (nodes holding data are paid to stay).
        long claimed = s.Get<long>("claimed-bytes");
        return Signals.Of(("total-bytes", Math.Max(claimed, (long)Math.Round(total))));
    }

    private static Signals LocksAndUnlocks(StepContext ctx, LabState s)
    {
        var p = PricingParameters.From(ctx.Parameters);
        long claimed = s.Get<long>("claimed-bytes");
        long figure = s.Get<long>("supply-figure-bytes"); // the previous round's agreed figure (seed: "Calculating Y", step 7)
        var locked = new Tokens(s.Get<long>(LockedUnits));
        double price = s.GetDouble("price-tokens-per-gb"), reference = s.GetDouble(ReferencePrice);

        double demand = p.DemandBytesPerRound * Math.Pow(reference / Math.Max(price, 1e-12), p.DemandElasticity) * Noise(ctx.Random, p.DemandVolatility);
        if (ctx.Timestep >= p.DemandShockRound && p.DemandShockRound > 0) demand *= p.DemandShockFactor;
        long wanted = (long)Math.Round(demand);
        double refused = 0;
        if (wanted > 0)
        {
            var quote = ShiftPricing.QuoteTokensForBytes(p.Pricing, claimed, figure, wanted);
            if (quote.IsOk)
            {
                claimed += wanted;
                locked += quote.Value.Tokens;
            }
            else refused = wanted;
        }
        long release = (long)Math.Floor(claimed * p.ReleaseFractionPerRound);
        if (release > 0 && locked.Units > 0)
        {
            var unlock = ProRataUnlock.ForBytes(locked, claimed, release, Tokens.Zero);
            if (unlock.IsOk)
            {
                claimed = unlock.Value.RemainingLockedBytes;
                locked = unlock.Value.RemainingLockedTokens;
            }
        }
        return Signals.Of(("claimed-bytes", claimed), (LockedUnits, locked.Units), ("demand-bytes", demand), ("refused-bytes", refused));
    }

    /// <summary>The round's forgers sample the figure in slot order; the oracle closes the round; the next price follows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Signals CloseRound(StepContext ctx, LabState s)
    {
        var p = PricingParameters.From(ctx.Parameters);
        long total = s.Get<long>("total-bytes"), claimed = s.Get<long>("claimed-bytes");
        long truth = p.TrueFigure(total, claimed);
        var samples = p.Reporters == 0 ? ForgerSamples(ctx, p, truth) : ReporterSamples(ctx, p, truth);
        var statistic = SupplyOracle.CloseRound(p.Oracle, s.Get<SupplyStatistic>(Statistic), ctx.Timestep, (long)ctx.Timestep * p.SlotsPerRound, samples);
        double error = truth == 0 ? 0 : (statistic.Bytes - (double)truth) / truth;
        var price = PricePerGb(p, claimed, statistic.Bytes);
        return price is { } value
            ? Signals.Of((Statistic, statistic), ("oracle-error", error), ("price", value))
            : Signals.Of((Statistic, statistic), ("oracle-error", error));
    }

    /// <summary>Shift: each slot's forger reads the swarm's figure; a liar records it times the lie factor.</summary>
    private static long?[] ForgerSamples(StepContext ctx, PricingParameters p, long truth)
    {
        var samples = new long?[p.SlotsPerRound];
        for (int slot = 0; slot < samples.Length; slot++)
        {
            bool liar = ctx.Random.NextDouble() < p.LiarFraction;
            double sample = liar ? truth * p.LieFactor : truth * (1 + p.SampleNoise * ctx.Random.NextNormal());
            samples[slot] = (long)Math.Max(0, Math.Round(sample));
        }
        return samples;
    }

    /// <summary>
    /// The chain: every masternode reports its own share each slot, the first round(liar-fraction·n) of them their
    /// share times the lie factor (a steady liar), and the slot's sample is the capped sum the chain takes.
    /// </summary>
    private static long?[] ReporterSamples(StepContext ctx, PricingParameters p, long truth)
    {
        int n = p.Reporters, liars = (int)Math.Round(p.LiarFraction * n, MidpointRounding.AwayFromZero);
        var samples = new long?[p.SlotsPerRound];
        var figures = new long[n];
        for (int slot = 0; slot < samples.Length; slot++)
        {
            for (int i = 0; i < n; i++)
            {
                long share = truth / n + (i < truth % n ? 1 : 0);
                double figure = i < liars ? share * p.LieFactor : share * (1 + p.SampleNoise * ctx.Random.NextNormal());
                figures[i] = (long)Math.Max(0, Math.Min(long.MaxValue / 2, Math.Round(figure)));
            }
            samples[slot] = ReportedSupply.Sample(figures, p.ReportCapMedianMultiple);
        }
        return samples;
    }
}
