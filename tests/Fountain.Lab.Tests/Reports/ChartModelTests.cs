using Fountain.Lab.Engine;
using Fountain.Lab.Models;
using Fountain.Lab.Reports;
using Fountain.Lab.Scenarios;

namespace Fountain.Lab.Tests.Reports;

/// <summary>The report's charts as a pure model: subsets on shared axes, named by their parameters, axes with units and sensible ranges.</summary>
public class ChartModelTests
{
    private static MetricSeries Flat(string metric, double value, int points = 50)
    {
        var values = Enumerable.Repeat(value, points).ToArray();
        return new MetricSeries(metric, values, values, values);
    }

    private static MetricSeries Ramp(string metric, double from, double to, double spread, int points = 50)
    {
        var mean = Enumerable.Range(0, points).Select(t => from + (to - from) * t / (points - 1)).ToArray();
        return new MetricSeries(metric, mean, mean.Select(v => v - spread).ToArray(), mean.Select(v => v + spread).ToArray());
    }

    [Fact]
    public void A_count_that_stays_at_zero_is_drawn_from_zero_up_not_on_a_span_of_plus_minus_one()
    {
        var chart = ChartModel.Build("lost", "artworks-lost", "day", [("self-healing", Flat("artworks-lost", 0))]);
        Assert.Equal(0, chart.Y.Min);
        Assert.True(chart.Y.Max > 0);
        Assert.All(chart.Y.Ticks, t => Assert.True(t >= 0, $"tick {t} on an axis of counts"));
    }

    [Fact]
    public void A_flat_series_away_from_zero_is_shown_against_zero_rather_than_alone_in_a_unit_band()
    {
        var chart = ChartModel.Build("online", "nodes-online", "day", [("a", Flat("nodes-online", 200))]);
        Assert.Equal(0, chart.Y.Min);
        Assert.True(chart.Y.Max >= 200);
        Assert.True(chart.Y.Ticks.Count >= 3);

        var signed = ChartModel.Build("profit", "profit-lazy", "epoch", [("a", Flat("profit-lazy", -40))]);
        Assert.True(signed.Y.Min <= -40 && signed.Y.Max >= 0, $"[{signed.Y.Min}, {signed.Y.Max}]");
    }

    [Fact]
    public void A_count_band_that_reaches_below_zero_is_cut_at_zero_and_a_fraction_at_one()
    {
        // Mean ± spread crosses 0 for a count and 1 for a fraction: the axes keep to what the quantity can be.
        var count = ChartModel.Build("failures", "failures", "epoch", [("a", Ramp("failures", 0, 4, 1.5))]);
        Assert.Equal(0, count.Y.Min);
        Assert.All(count.Y.Ticks, t => Assert.True(t >= 0));

        var fraction = ChartModel.Build("caught", "lazy-caught-fraction", "epoch", [("a", Ramp("lazy-caught-fraction", 0.2, 0.98, 0.1))]);
        Assert.Equal(1, fraction.Y.Max);
        Assert.All(fraction.Y.Ticks, t => Assert.True(t is >= 0 and <= 1 + 1e-9, $"tick {t} on a fraction's axis"));

        var full = ChartModel.Build("caught", "lazy-caught-fraction", "epoch", [("a", Flat("lazy-caught-fraction", 1))]);
        Assert.Equal((0.0, 1.0), (full.Y.Min, full.Y.Max));
    }

    [Theory]
    [InlineData("artworks-lost", "durability", "artworks-lost (count)", "timestep (days)")]
    [InlineData("repair-bytes", "durability", "repair-bytes (bytes)", "timestep (days)")]
    [InlineData("lazy-caught-fraction", "challenges", "lazy-caught-fraction (fraction, 0–1)", "timestep (epochs)")]
    [InlineData("price-tokens-per-gb", "pricing", "price-tokens-per-gb (tokens per GB)", "timestep (Shift rounds)")]
    [InlineData("mean-redundancy", "durability", "mean-redundancy (live blocks ÷ blocks needed)", "timestep (days)")]
    public void Both_axes_name_their_unit(string metric, string model, string yLabel, string xLabel)
    {
        var chart = ChartModel.Build(metric, metric, MetricUnit.TimestepOf(model), [("a", Ramp(metric, 0.1, 0.5, 0.01))]);
        Assert.Equal(yLabel, chart.Y.Label);
        Assert.Equal(xLabel, chart.X.Label);
    }

    [Fact]
    public void Several_subsets_share_one_pair_of_axes_that_covers_them_all()
    {
        var chart = ChartModel.Build("redundancy", "mean-redundancy", "day",
        [
            ("redundancy = 3", Ramp("mean-redundancy", 3, 1, 0.2)),
            ("redundancy = 12", Ramp("mean-redundancy", 12, 9, 0.5, points: 80)),
        ]);
        Assert.Equal(["redundancy = 3", "redundancy = 12"], chart.Lines.Select(l => l.Name));
        Assert.True(chart.Y.Min <= 0.8 && chart.Y.Max >= 12.5, $"[{chart.Y.Min}, {chart.Y.Max}]");
        Assert.Equal(79, chart.X.Max); // the longer series sets the time axis
    }

    [Fact]
    public void Subsets_are_named_by_their_simulation_and_swept_parameters()
    {
        var scenario = new Scenario("names", "", 3, 2, 10, SweepMode.Positional, true,
        [
            Simulation("self-healing", healing: true),
            Simulation("no healing", healing: false),
        ]);
        using var dir = new TempDirectory("fountain-lab-names-");
        var result = ScenarioRun.Execute(scenario, dir);
        string html = System.Net.WebUtility.HtmlDecode(File.ReadAllText(result.ReportPath));

        Assert.Contains("Compared: every subset of model durability on the same axes", html);
        foreach (var name in new[] { "self-healing · redundancy = 4", "self-healing · redundancy = 12", "no healing · redundancy = 8" })
            Assert.Contains($"</span>{name}</li>", html); // a legend entry of the comparison charts
        Assert.DoesNotContain("subset 1", html);
        Assert.DoesNotContain("Subset 1", html);
    }

    private static ScenarioSimulation Simulation(string label, bool healing)
    {
        var model = ModelCatalog.Get("durability");
        var space = new ParameterSpace();
        foreach (var (k, v) in model.Defaults) space.Set(k, v);
        space.Set("artworks", 10L).Set("healing-enabled", healing).Set("redundancy", 4.0, 8.0, 12.0);
        return new ScenarioSimulation(label, model, space);
    }
}
