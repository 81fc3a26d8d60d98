using Fountain.Lab.Engine;
using Fountain.Lab.Models;
using Fountain.Lab.Reports;
using Fountain.Lab.Scenarios;

namespace Fountain.Lab.Tests.Reports;

public class ReportTests
{
    internal static Scenario SmallScenario(long seed = 5)
    {
        var model = ModelCatalog.Get("challenges");
        var space = new ParameterSpace();
        foreach (var (k, v) in model.Defaults) space.Set(k, v);
        space.Set("nodes", 200L).Set("penalty-epochs", 0L, 100L);
        var durability = ModelCatalog.Get("durability");
        var durabilitySpace = new ParameterSpace();
        foreach (var (k, v) in durability.Defaults) durabilitySpace.Set(k, v);
        durabilitySpace.Set("artworks", 20L);
        return new Scenario("small", "A small <test> scenario & its report.", seed, 3, 40, SweepMode.Positional, true,
            [new ScenarioSimulation("challenges", model, space), new ScenarioSimulation("durability", durability, durabilitySpace)]);
    }

    [Fact]
    public void A_run_writes_results_and_a_self_contained_report()
    {
        using var dir = new TempDirectory("fountain-lab-report-");
        var result = ScenarioRun.Execute(SmallScenario(), dir);
        string html = File.ReadAllText(result.ReportPath);
        var csv = File.ReadAllLines(result.CsvPath);

        Assert.Equal(9, result.Runs); // 2 subsets × 3 runs + 1 subset × 3 runs
        Assert.StartsWith("simulation,subset,run,substep,timestep,", csv[0]);
        Assert.Equal(1 + 9 * 41, csv.Length);
        Assert.False(File.Exists(result.CsvPath + ".partial"));
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("src=", html);
        Assert.Contains("A small &lt;test&gt; scenario &amp; its report.", html);
        Assert.Contains("seed <b>5</b>", html);
        // One chart per metric and subset: 11 challenge metrics × 2 subsets + 9 durability metrics; and one per challenge
        // metric with both subsets on the same axes (the durability simulation has one subset: nothing to compare).
        Assert.Equal(11 * 2 + 9, html.Split("<figure>").Length - 1);
        Assert.Equal(11, html.Split("<figure class=\"compare\">").Length - 1);
        Assert.Contains("<tr class=\"swept\"><td>penalty-epochs</td>", html);
        Assert.Contains(result.Summary, r => r.Metric == "profit-lazy" && r.SweptValues == "penalty-epochs=100");
    }

    [Fact]
    public void The_same_seed_writes_the_same_bytes_and_another_seed_does_not()
    {
        using var a = new TempDirectory("fountain-lab-a-");
        using var b = new TempDirectory("fountain-lab-b-");
        using var c = new TempDirectory("fountain-lab-c-");
        ScenarioRun.Execute(SmallScenario(), a, maxDegreeOfParallelism: 1);
        ScenarioRun.Execute(SmallScenario(), b, maxDegreeOfParallelism: 2);
        ScenarioRun.Execute(SmallScenario(seed: 6), c);
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "results.csv")), File.ReadAllBytes(Path.Combine(b, "results.csv")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(a, "report.html")), File.ReadAllBytes(Path.Combine(b, "report.html")));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(a, "results.csv")), File.ReadAllBytes(Path.Combine(c, "results.csv")));
    }

    [Fact]
    public void A_failed_run_leaves_no_results_behind()
    {
        using var dir = new TempDirectory("fountain-lab-failed-");
        var bad = SmallScenario();
        bad.Simulations[0].Parameters.Set("lazy-fraction", 0.9).Set("outsourcing-fraction", 0.9); // refused when the first run starts
        Assert.Throws<ArgumentException>(() => ScenarioRun.Execute(bad, dir));
        Assert.Empty(Directory.GetFiles(dir));
    }

    [Fact]
    public void Charts_leave_out_values_svg_cannot_draw_and_bucket_long_series()
    {
        int n = 5000;
        var mean = Enumerable.Range(0, n).Select(t => t == 7 ? double.NaN : t % 10 == 0 ? double.PositiveInfinity : t * 1.0).ToArray();
        var svg = SvgChart.Render(new MetricSeries("m", mean, mean, mean), "title <&>");
        Assert.DoesNotContain("NaN", svg);
        Assert.DoesNotContain("Infinity", svg);
        Assert.Contains("title &lt;&amp;&gt;", svg);
        int points = svg[(svg.IndexOf("<polyline points=\"", StringComparison.Ordinal) + 18)..].Split('"')[0].Split(' ').Length;
        Assert.Equal(SvgChart.MaxPoints, points);
    }

    [Fact]
    public void Nice_ticks_are_round_and_cover_the_range()
    {
        var ticks = SvgChart.NiceTicks(0.13, 9.7, 5);
        Assert.Equal([0.0, 2, 4, 6, 8, 10], ticks);
        Assert.Equal("1.5M", NumberFormat.Short(1_500_000));
        Assert.Equal("12.3k", NumberFormat.Short(12_345));
        var flat = SvgChart.NiceTicks(999, 1001, 5);
        Assert.Equal(flat.Length, flat.Select(t => SvgChart.TickLabel(t, flat[1] - flat[0])).Distinct().Count());
        Assert.Equal("999.5", SvgChart.TickLabel(999.5, 0.5));
    }

    [ChromiumFact]
    public async Task The_report_opens_in_headless_chromium_without_errors_or_network()
    {
        using var dir = new TempDirectory("fountain-lab-browser-");
        var result = ScenarioRun.Execute(SmallScenario(), dir);
        var load = await HeadlessChromium.LoadAsync(Environment.GetEnvironmentVariable(ChromiumFactAttribute.Variable)!, result.ReportPath, TimeSpan.FromSeconds(45));
        Assert.Empty(load.Errors);
        Assert.Equal("Fountain lab: small", load.Title);
        Assert.All(load.RequestedUrls, url => Assert.StartsWith("file://", url));
    }

    [ChromiumFact]
    public async Task The_browser_check_does_catch_console_errors_and_external_requests()
    {
        // The control: a page that does what the report must not, so that the check above can fail.
        using var dir = new TempDirectory("fountain-lab-control-");
        var path = Path.Combine(dir, "bad.html");
        File.WriteAllText(path, "<!DOCTYPE html><html><head><title>bad</title></head><body><img src=\"http://192.0.2.1/x.png\"><script>console.error('broken');</script></body></html>");
        var load = await HeadlessChromium.LoadAsync(Environment.GetEnvironmentVariable(ChromiumFactAttribute.Variable)!, path, TimeSpan.FromSeconds(45));
        Assert.Contains(load.Errors, e => e.Contains("broken"));
        Assert.Contains(load.RequestedUrls, u => u.StartsWith("http://192.0.2.1"));
    }
}
