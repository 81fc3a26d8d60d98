using Fountain.Economics.Supply;
using FsCheck;
using FsCheck.Fluent;

namespace Fountain.Economics.Tests.Supply;

/// <summary>The supply oracles against lying forgers (issue 5: robust to up to 25% of forgers lying).</summary>
public class OracleProperties
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);
    private const long Truth = 10_000_000_000_000; // 10 TB free

    [Fact]
    public void Trimmed_mean_stays_within_the_honest_spread_when_a_quarter_of_forgers_lie()
    {
        // n forgers, m = floor((n − 1)/4) of them liars (25 of 101), reporting anything from 0 to 10× the
        // truth; honest samples within ±1%. Then both quartiles are honest samples, so the kept samples and
        // their mean lie within [L − 1.5·(H − L), H + 1.5·(H − L)] for the honest range [L, H] — within
        // ±4% of the truth.
        var gen = from n in Gen.Choose(4, 101)
                  from honestOffsets in Gen.ArrayOf(Gen.Choose(-100, 100), n - (n - 1) / 4)
                  from lies in Gen.ArrayOf(Gen.OneOf(Gen.Choose(0, 1000), Gen.Elements(0, 1000, 99, 101)), (n - 1) / 4)
                  from order in Gen.Shuffle(Enumerable.Range(0, n).ToArray())
                  select (honest: honestOffsets.Select(o => Truth + Truth / 10_000 * o).ToArray(),
                          liars: lies.Select(l => Truth / 100 * l).ToArray(), order);
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var all = c.honest.Concat(c.liars).ToArray();
            var samples = c.order.Select(i => all[i]).ToArray();
            var estimate = TrimmedMeanOracle.Estimate(samples, OutlierRule.Tukey);
            if (!estimate.IsOk) return false;
            long low = c.honest.Min(), high = c.honest.Max(), spread = high - low;
            var y = estimate.Value;
            return y >= low - spread * 3 / 2 - 1 && y <= high + spread * 3 / 2
                   && y >= Truth / 100 * 96 && y <= Truth / 100 * 104;
        }));
    }

    [Fact]
    public void Trimmed_mean_ignores_wild_liars_entirely()
    {
        // Liars far outside the fences (0 or 100× the truth) are all dropped: the estimate is the honest mean.
        var gen = from honestOffsets in Gen.ArrayOf(Gen.Choose(-100, 100), 76)
                  from lies in Gen.ArrayOf(Gen.Elements(0L, Truth * 100), 25)
                  select (honest: honestOffsets.Select(o => Truth + Truth / 10_000 * o).ToArray(), lies);
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var estimate = TrimmedMeanOracle.Estimate(c.honest.Concat(c.lies).ToArray(), OutlierRule.Tukey).Value;
            var honestMean = (long)(c.honest.Select(h => (System.Numerics.BigInteger)h).Aggregate((a, b) => a + b) / c.honest.Length);
            return estimate == honestMean;
        }));
    }

    [Fact]
    public void Windowed_median_is_honest_when_liars_hold_under_half_of_every_window()
    {
        // 101 slots, up to 25 liars, at most 4 in any window of 10; honest forgers of one window read the
        // same swarm figure (it is cached for 5 minutes), which may differ between windows within ±1%.
        var gen = from windowOffsets in Gen.ArrayOf(Gen.Choose(-100, 100), 11)
                  from liarsPerWindow in Gen.ArrayOf(Gen.Choose(0, 4), 10)
                  from lie in Gen.OneOf(Gen.Elements(0L, 1L), Gen.Choose(0, 1000).Select(l => Truth / 100 * l))
                  from shuffles in Gen.ArrayOf(Gen.Shuffle(Enumerable.Range(0, 10).ToArray()), 10)
                  select (windowOffsets, liarsPerWindow, lie, shuffles);
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var slots = new long?[101];
            var budget = 25;
            for (var i = 0; i < 101; i++) slots[i] = Truth + Truth / 10_000 * c.windowOffsets[i / 10];
            for (var w = 0; w < 10; w++)
                for (var j = 0; j < c.liarsPerWindow[w] && budget > 0; j++, budget--)
                    slots[w * 10 + c.shuffles[w][j]] = c.lie;
            var honest = Enumerable.Range(0, 10).Select(w => Truth + Truth / 10_000 * c.windowOffsets[w]).ToArray();
            var y = WindowedMedianOracle.Estimate(slots).Value;
            return y >= honest.Min() && y <= honest.Max();
        }));
    }
}
