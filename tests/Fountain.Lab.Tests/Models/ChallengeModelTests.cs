using Fountain.Lab.Models.Challenges;

namespace Fountain.Lab.Tests.Models;

public class ChallengeModelTests
{
    [Fact]
    public void Lazy_nodes_are_caught_after_the_geometric_waiting_time()
    {
        // A lazy node fails a challenge with probability c·(1 − f) per epoch (ignoring the 1e-3 transient faults),
        // so its first failure comes after 1 / (0.1 · 0.5) = 20 epochs on average (the mean of a geometric law).
        var stats = ModelRuns.Run(ChallengeModel.Create(), ModelRuns.Space(ChallengeModel.Defaults, ("honest-failure-probability", 0.0)), runs: 4, timesteps: 400);
        Assert.InRange(stats.Final("lazy-caught-fraction"), 0.999, 1.0);
        Assert.InRange(stats.Final("mean-epochs-to-catch-lazy"), 20 - 2.5, 20 + 2.5);
    }

    [Fact]
    public void False_positives_follow_the_transient_fault_rate()
    {
        const int epochs = 200;
        var stats = ModelRuns.Run(ChallengeModel.Create(), ModelRuns.Space(ChallengeModel.Defaults,
            ("lazy-fraction", 0.0), ("outsourcing-fraction", 0.0), ("flaky-fraction", 0.0), ("honest-failure-probability", 0.01)), runs: 3, timesteps: epochs);
        double expected = 1000 * 0.1 * 0.01 * epochs; // nodes × challenge rate × fault rate × epochs = 200
        Assert.InRange(stats.Final("false-positives"), expected - 4 * Math.Sqrt(expected), expected + 4 * Math.Sqrt(expected));
        Assert.Equal(stats.Final("false-positives"), stats.Final("failures"));
    }

    [Fact]
    public void With_penalties_cheating_does_not_pay_and_without_them_it_does()
    {
        var punished = ModelRuns.Run(ChallengeModel.Create(), ModelRuns.Space(ChallengeModel.Defaults), runs: 2, timesteps: 300);
        Assert.True(punished.Final("profit-honest") > punished.Final("profit-lazy"));
        Assert.True(punished.Final("profit-honest") > punished.Final("profit-outsourcing"));
        var unpunished = ModelRuns.Run(ChallengeModel.Create(), ModelRuns.Space(ChallengeModel.Defaults, ("penalty-epochs", 0L)), runs: 2, timesteps: 300);
        Assert.True(unpunished.Final("profit-lazy") > unpunished.Final("profit-honest"));
    }

    [Fact]
    public void A_deadline_longer_than_any_fetch_never_catches_an_outsourcing_node_and_a_short_one_does()
    {
        var lax = ModelRuns.Run(ChallengeModel.Create(), ModelRuns.Space(ChallengeModel.Defaults, ("challenge-deadline-seconds", 1000.0)), 1, 100);
        Assert.Equal(0, lax.Final("outsourcing-caught-fraction"));
        var strict = ModelRuns.Run(ChallengeModel.Create(), ModelRuns.Space(ChallengeModel.Defaults, ("challenge-deadline-seconds", 1.0)), 1, 100);
        Assert.InRange(strict.Final("outsourcing-caught-fraction"), 0.99, 1.0);
    }

    [Fact]
    public void An_all_honest_faultless_network_shares_the_pool_exactly()
    {
        var stats = ModelRuns.Run(ChallengeModel.Create(), ModelRuns.Space(ChallengeModel.Defaults,
            ("lazy-fraction", 0.0), ("outsourcing-fraction", 0.0), ("flaky-fraction", 0.0), ("honest-failure-probability", 0.0)), 1, 50);
        Assert.Equal(50 * (1000.0 / 1000 - 0.5), stats.Final("profit-honest"), 9);
        Assert.Equal(0, stats.Final("failures"));
    }

    [Fact]
    public void Fractions_that_exceed_the_network_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelRuns.Run(ChallengeModel.Create(),
            ModelRuns.Space(ChallengeModel.Defaults, ("lazy-fraction", 0.6), ("outsourcing-fraction", 0.6)), 1, 1));
        Assert.Contains("must not exceed 1", error.Message);
    }
}
