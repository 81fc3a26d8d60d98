using System.Numerics;
using Fountain.Economics.Supply;
using FsCheck;
using FsCheck.Fluent;

namespace Fountain.Economics.Tests.Supply;

/// <summary>A height's supply sample from per-reporter figures, each capped at c × the median (ReportedSupply), against liars.</summary>
public class ReportedSupplyTests
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(500);
    private const long GB = 1_000_000_000;
    private const long PiB = 1L << 50;

    [Theory]
    [InlineData(10, 4.333)] // the chain's cap before: two faucet-funded liars moved Y 4.3x
    [InlineData(2, 1.667)]  // the cap now: each liar is worth at most two honest nodes
    [InlineData(1, 1.333)]
    public void Two_liars_reporting_a_pebibyte_among_six_honest_nodes_move_the_sample_by_c_times_two_sixths(int c, double factor)
    {
        long[] honest = [.. Enumerable.Repeat(100 * GB, 6)];
        var y = ReportedSupply.Sample([.. honest, PiB, PiB], c)!.Value;
        Assert.Equal(600 * GB + 2 * c * 100 * GB, y);
        Assert.Equal(factor, (double)y / ReportedSupply.Sample(honest, c)!.Value, 3);
    }

    [Fact]
    public void A_minority_of_liars_at_any_value_stays_within_the_documented_bound()
    {
        // h honest reporters of any sizes, k < h liars at anything from 0 to long.MaxValue, in any order.
        var gen = from h in Gen.Choose(1, 40)
                  from honest in Gen.ArrayOf(Gen.Choose(0, 1_000_000).Select(v => v * 1_000_000L), h)
                  from k in Gen.Choose(0, h - 1)
                  from liars in Gen.ArrayOf(Gen.OneOf(Gen.Elements(0L, 1L, long.MaxValue, PiB), Gen.Choose(0, int.MaxValue).Select(v => v * 1_000_000L)), k)
                  from c in Gen.Elements(1, 2, 3, 10)
                  from order in Gen.Shuffle(Enumerable.Range(0, h + k).ToArray())
                  select (honest, liars, c, order);
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (honest, liars, c, order) = t;
            long[] all = [.. honest, .. liars];
            BigInteger s = ReportedSupply.Sample(order.Select(i => all[i]), c)!.Value;
            var a = honest.Order().ToArray();
            int h = a.Length, k = liars.Length, m = (h + k - 1) / 2;
            BigInteger H = a.Aggregate(BigInteger.Zero, (x, v) => x + v);
            BigInteger lowestCap = (BigInteger)c * a[m - k];
            BigInteger lower = a.Aggregate(BigInteger.Zero, (x, v) => x + BigInteger.Min(v, lowestCap));
            BigInteger upper = H + (BigInteger)k * c * a[m];
            return s >= lower && s <= upper
                   && s * (h - m) <= H * (h - m + c * k)        // S ≤ H·(1 + c·k/(h − m))
                   && s * (h - k + 1) <= H * (h - k + 1 + 2 * c * k); // S ≤ H·(1 + 2ck/(h − k + 1))
        }));
    }

    [Fact]
    public void Liars_among_equal_honest_nodes_neither_lower_the_sample_nor_raise_it_beyond_c_nodes_each()
    {
        var gen = from h in Gen.Choose(1, 30)
                  from size in Gen.Choose(1, 1_000_000).Select(v => v * 1_000_000L)
                  from k in Gen.Choose(0, h - 1)
                  from liars in Gen.ArrayOf(Gen.OneOf(Gen.Elements(0L, long.MaxValue), Gen.Choose(0, int.MaxValue).Select(v => (long)v * 997)), k)
                  from c in Gen.Elements(1, 2, 5)
                  select (h, size, liars, c);
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (h, size, liars, c) = t;
            var s = ReportedSupply.Sample(Enumerable.Repeat(size, h).Concat(liars), c)!.Value;
            long honest = h * size;
            return s >= honest && s <= honest + (long)c * liars.Length * size;
        }));
    }

    [Fact]
    public void Honest_networks_within_c_times_the_median_sum_exactly_as_before()
    {
        // Today's rule with c = 10 (and no cap at all) and the new default c = 2 agree on every network whose largest
        // node is at most twice the median: the honest Y is unchanged.
        var gen = from n in Gen.Choose(1, 60)
                  from median in Gen.Choose(1, 1_000_000).Select(v => v * 1_000_000L)
                  from spread in Gen.ArrayOf(Gen.Choose(0, 200), n) // percent of the median: 0% .. 200%
                  select (median, spread);
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var figures = t.spread.Select(p => t.median / 100 * p).ToArray();
            var sorted = figures.Order().ToArray();
            if (sorted[^1] > 2 * sorted[(sorted.Length - 1) / 2]) return true; // outside the premise
            var sum = figures.Sum();
            return ReportedSupply.Sample(figures, 2) == sum && ReportedSupply.Sample(figures, 10) == sum && ReportedSupply.Sample(figures, 0) == sum;
        }));
    }

    [Fact]
    public void The_cap_is_c_times_the_lower_median_and_nothing_or_nonsense_is_handled()
    {
        Assert.Null(ReportedSupply.Sample([], 2));
        Assert.Equal(7, ReportedSupply.Sample([7], 2));
        Assert.Equal(1 + 2 + 2 * 2, ReportedSupply.Sample([9, 1, 2], 2)); // median 2, cap 4
        Assert.Equal(1 + 2 + 2 + 2, ReportedSupply.Sample([1, 2, 3, 100], 1)); // lower median 2, cap 2
        Assert.Equal(long.MaxValue, ReportedSupply.Sample([long.MaxValue, long.MaxValue, long.MaxValue], 3)); // held, not overflowed
        Assert.Equal(101, ReportedSupply.Sample([1, 100], 0)); // 0: no cap
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportedSupply.Sample([1, -1], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReportedSupply.Sample([1], -1));
    }
}
