using Fountain.Chain.Identity;
using Fountain.Chain.State;
using Fountain.Chain.Transactions;
using static Fountain.Chain.Tests.Support.Fixtures;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Rules;

/// <summary>
/// The attack on the agreed supply Y: faucet-funded fake masternodes report a huge disk every height, steadily, so
/// that the oracle's trimming across heights never sees them (HeightSealing.Sample, Economics' ReportedSupply).
/// </summary>
public sealed class SupplyManipulationTests : IDisposable
{
    private const long GB = 1_000_000_000;
    private readonly NodeKey[] _honest = Enumerable.Range(0, 6).Select(_ => NodeKey.Create()).ToArray();
    private readonly NodeKey[] _liars = Enumerable.Range(0, 2).Select(_ => NodeKey.Create()).ToArray();

    public void Dispose()
    {
        foreach (var k in _honest.Concat(_liars)) k.Dispose();
    }

    /// <summary>Y agreed after one 4-height round in which every honest node reports its size and every liar <paramref name="lie"/>.</summary>
    private long AgreedY(ChainOptions options, Func<int, long> honestBytes, long? lie)
    {
        var state = Genesis(options with { SupplyRoundHeights = 4 });
        var everyone = lie is null ? _honest : [.. _honest, .. _liars];
        for (int i = 0; i < everyone.Length; i++) state = RegisterNode(state, everyone[i], 7100 + i);
        for (int height = 1; height <= 4; height++)
        {
            for (int i = 0; i < _honest.Length; i++) state = Report(state, _honest[i], honestBytes(i));
            if (lie is { } bytes) foreach (var liar in _liars) state = Report(state, liar, bytes);
            state = Seal(state);
        }
        Assert.Equal(4, state.Ledger.Supply.AgreedAtHeight);
        return state.Ledger.Supply.Bytes;
    }

    private static ChainState Report(ChainState state, NodeKey node, long total) => Accept(state, node, new ReportStorage(total, 0, total));

    [Fact]
    public void Two_fake_masternodes_reporting_a_pebibyte_each_move_y_by_at_most_two_sixths_of_twice_the_honest_figure()
    {
        var honest = AgreedY(Options, _ => 100 * GB, null);
        var attacked = AgreedY(Options, _ => 100 * GB, Options.MaxReportedStorageBytes);
        Assert.Equal(600 * GB, honest);
        // Bound for k liars among h equal honest nodes: Y ≤ H·(1 + c·k/h) with c = 2, k = 2, h = 6: 1.67x.
        Assert.Equal(1000 * GB, attacked);
        // The cap the chain had before (10 × the median) let the same two liars move Y 4.3x.
        Assert.Equal(2_600 * GB, AgreedY(Options with { ReportClampMedianMultiple = 10 }, _ => 100 * GB, Options.MaxReportedStorageBytes));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(50 * GB)]
    [InlineData(100 * GB)]
    [InlineData(199 * GB)]
    [InlineData(1L << 50)]
    public void Liars_at_any_value_keep_y_between_the_honest_figure_and_the_bound(long lie)
    {
        const int c = 2; // the default cap: each liar counts for at most two median nodes
        Assert.Equal(c, Options.ReportClampMedianMultiple);
        var honest = AgreedY(Options, _ => 100 * GB, null);
        var attacked = AgreedY(Options, _ => 100 * GB, lie);
        Assert.InRange(attacked, honest, honest + _liars.Length * c * 100 * GB);
    }

    [Fact]
    public void An_honest_network_agrees_on_the_same_y_as_with_the_cap_before()
    {
        // Six nodes of 60..160 GB: every one within twice the median, so the new cap changes nothing.
        Func<int, long> sizes = i => (60 + 20 * i) * GB;
        var now = AgreedY(Options, sizes, null);
        Assert.Equal(Enumerable.Range(0, 6).Sum(i => sizes(i)), now);
        Assert.Equal(AgreedY(Options with { ReportClampMedianMultiple = 10 }, sizes, null), now);
    }
}
