using Fountain.Lab.Models.Durability;

namespace Fountain.Lab.Tests.Models;

public class DurabilityModelTests
{
    private static readonly (string, object)[] NoHealing = [("healing-enabled", false), ("node-failure-per-day", 0.0)];

    /// <summary>
    /// Healing off, a year of churn: the simulated fraction of artworks lost matches P(Binomial(n, q) &lt; k).
    /// Tolerance: 0.025 absolute. With 4 runs × 2,000 artworks the standard error of the mean is about 0.005 if
    /// artworks were independent; they share nodes, which widens it, so the bound is ~5 standard errors. Blocks of
    /// one artwork are nearly independent because n·r = 24 copies land among 5,000 nodes.
    /// </summary>
    [Fact]
    public void Loss_without_healing_matches_the_binomial_closed_form()
    {
        const int days = 365;
        var space = ModelRuns.Space(DurabilityModel.Defaults, [.. NoHealing,
            ("nodes", 5000L), ("artworks", 2000L), ("artwork-bytes", 4L * 2_097_152), ("lt-overhead", 0.25), ("redundancy", 3.0),
            ("holders-per-block", 2L), ("monthly-churn", 0.096)]);
        var stats = ModelRuns.Run(DurabilityModel.Create(), space, runs: 4, timesteps: days, seed: 2026);

        var p = DurabilityParameters.From(stats.Parameters);
        Assert.Equal((12, 5), (p.BlocksPerArtwork, p.BlocksNeeded));
        double q = DurabilityClosedForm.BlockSurvival(p.DailyExitProbability, days, p.HoldersPerBlock);
        double expected = DurabilityClosedForm.BinomialLossProbability(p.BlocksPerArtwork, p.BlocksNeeded, q);
        double simulated = stats.Final("artworks-lost") / p.Artworks;
        Assert.InRange(expected, 0.1, 0.4); // the regime where the comparison is sharp
        Assert.InRange(simulated, expected - 0.025, expected + 0.025);
    }

    [Fact]
    public void A_black_swan_loses_what_the_closed_form_predicts()
    {
        // Half of the nodes leave on day 1, nothing else happens: q = 1 - 0.5^r.
        var space = ModelRuns.Space(DurabilityModel.Defaults, [.. NoHealing, ("monthly-churn", 0.0),
            ("nodes", 8000L), ("artworks", 3000L), ("artwork-bytes", 6L * 2_097_152), ("lt-overhead", 0.0), ("redundancy", 2.0),
            ("holders-per-block", 1L), ("black-swan-day", 1L), ("black-swan-fraction", 0.5)]);
        var stats = ModelRuns.Run(DurabilityModel.Create(), space, runs: 3, timesteps: 2, seed: 9);
        double expected = DurabilityClosedForm.BinomialLossProbability(12, 6, DurabilityClosedForm.BlockSurvival(0, 1, 1, 0.5));
        Assert.InRange(stats.Final("artworks-lost") / 3000, expected - 0.025, expected + 0.025);
        Assert.Equal(8000, stats.Final("nodes-online")); // departed nodes are replaced by fresh, empty ones
        var unreplaced = ModelRuns.Run(DurabilityModel.Create(), ModelRuns.Space(DurabilityModel.Defaults, [.. NoHealing, ("monthly-churn", 0.0),
            ("nodes", 800L), ("artworks", 10L), ("black-swan-day", 1L), ("black-swan-fraction", 0.5), ("replace-departed", false)]), 1, 2);
        Assert.Equal(400, unreplaced.Final("nodes-online"));
    }

    [Fact]
    public void Healing_keeps_artworks_that_are_lost_without_it_and_costs_bandwidth()
    {
        (string, object)[] harsh = [("nodes", 600L), ("artworks", 300L), ("monthly-churn", 0.3), ("redundancy", 3.0), ("holders-per-block", 1L)];
        var off = ModelRuns.Run(DurabilityModel.Create(), ModelRuns.Space(DurabilityModel.Defaults, [.. harsh, ("healing-enabled", false)]), 3, 180);
        var on = ModelRuns.Run(DurabilityModel.Create(), ModelRuns.Space(DurabilityModel.Defaults, harsh), 3, 180);
        Assert.True(off.Final("artworks-lost") > 50, $"without healing {off.Final("artworks-lost")} lost");
        Assert.True(on.Final("artworks-lost") < off.Final("artworks-lost") / 10, $"with healing {on.Final("artworks-lost")} lost");
        Assert.Equal(0, off.Final("repair-bytes"));
        Assert.True(on.Final("repair-bytes") > 0);
        Assert.True(on.Final("artworks-repaired") > 0);
    }

    [Fact]
    public void Without_departures_nothing_is_lost_or_repaired_and_redundancy_stays_at_its_target()
    {
        var space = ModelRuns.Space(DurabilityModel.Defaults, ("artworks", 100L), ("monthly-churn", 0.0), ("node-failure-per-day", 0.0));
        var stats = ModelRuns.Run(DurabilityModel.Create(), space, 2, 30);
        Assert.Equal(0, stats.Final("artworks-lost"));
        Assert.Equal(0, stats.Final("repair-bytes"));
        Assert.Equal(12, stats.Final("mean-redundancy"));
        Assert.Equal(1000, stats.Final("nodes-online"));
    }

    [Fact]
    public void No_repair_bandwidth_means_no_repair()
    {
        var space = ModelRuns.Space(DurabilityModel.Defaults, ("artworks", 100L), ("monthly-churn", 0.5), ("repair-bandwidth-bytes-per-day", 0.0));
        var stats = ModelRuns.Run(DurabilityModel.Create(), space, 1, 60);
        Assert.Equal(0, stats.Final("artworks-repaired"));
        Assert.True(stats.Final("mean-redundancy") < 12);
    }

    [Fact]
    public void Poisson_approximation_agrees_with_the_binomial_when_blocks_die_rarely()
    {
        double q = DurabilityClosedForm.BlockSurvival(5.4e-5, 365, 2);
        double binomial = DurabilityClosedForm.BinomialLossProbability(120, 12, 1 - 0.05);
        double poisson = DurabilityClosedForm.PoissonLossProbability(120, 12, 1 - 0.05);
        Assert.InRange(q, 0.999, 1.0);
        Assert.InRange(binomial, 0, 1e-60);
        Assert.InRange(poisson, 0, 1e-60);
        double b2 = DurabilityClosedForm.BinomialLossProbability(40, 36, 0.99), p2 = DurabilityClosedForm.PoissonLossProbability(40, 36, 0.99);
        Assert.InRange(p2 / b2, 0.8, 1.25);
    }

    [Fact]
    public void Bad_parameters_are_refused_with_their_name()
    {
        var space = ModelRuns.Space(DurabilityModel.Defaults, ("monthly-churn", 1.5));
        var error = Assert.ThrowsAny<ArgumentException>(() => ModelRuns.Run(DurabilityModel.Create(), space, 1, 1));
        Assert.Contains("monthly-churn", error.Message);
    }
}
