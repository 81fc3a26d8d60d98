using Fountain.Lab.Models.Reputation;

namespace Fountain.Lab.Tests.Models;

public class ReputationModelTests
{
    [Fact]
    public void Scores_follow_the_expected_beta_reputation_with_forgetting()
    {
        // With α0 + β0 = w / (1 − λ) = 1000 the total stays 1000, so after k audits E[score] = 1 − f·(1 − λ^k);
        // k ~ Binomial(T, a) gives E[λ^k] = (1 − a(1 − λ))^T. Bad nodes fail f = 2%: never disqualified (limit 0.98).
        const int rounds = 1500;
        const double f = 0.02, a = 0.2, lambda = 0.999;
        var stats = ModelRuns.Run(ReputationModel.Create(), ModelRuns.Space(ReputationModel.Defaults,
            ("nodes", 400L), ("bad-fraction", 0.5), ("bad-failure-probability", f), ("good-failure-probability", 0.0)), runs: 2, timesteps: rounds);
        double expected = 1 - f * (1 - Math.Pow(1 - a * (1 - lambda), rounds));
        Assert.InRange(stats.Final("mean-score-bad"), expected - 0.002, expected + 0.002);
        Assert.Equal(1.0, stats.Final("mean-score-good"));
        Assert.Equal(0, stats.Final("bad-disqualified-fraction"));
    }

    [Fact]
    public void Bad_nodes_are_disqualified_after_the_predicted_number_of_audits_and_good_ones_are_not()
    {
        // f = 10%: the score crosses 0.96 when 1 − λ^k ≈ 0.4, after k ≈ ln 0.6 / ln 0.999 ≈ 511 audits, i.e. ≈ 2,550
        // rounds at a 20% audit rate (a slow detector: the point of the model).
        var stats = ModelRuns.Run(ReputationModel.Create(), ModelRuns.Space(ReputationModel.Defaults, ("nodes", 200L)), runs: 2, timesteps: 4000);
        Assert.InRange(stats.Final("bad-disqualified-fraction"), 0.95, 1.0);
        Assert.Equal(0, stats.Final("good-disqualified-fraction"));
        double k = Math.Log(0.6) / Math.Log(0.999);
        Assert.InRange(stats.Final("mean-rounds-to-disqualify-bad"), k / 0.2 * 0.85, k / 0.2 * 1.15);
    }

    [Fact]
    public void More_audits_catch_bad_nodes_sooner()
    {
        var subsets = ModelRuns.RunAll(ReputationModel.Create(), ModelRuns.Space(ReputationModel.Defaults,
            ("nodes", 200L), ("audit-probability-per-round", new object[] { 0.2, 0.8 })), runs: 1, timesteps: 2500);
        Assert.True(subsets[1].Final("bad-disqualified-fraction") > subsets[0].Final("bad-disqualified-fraction"));
    }

    [Fact]
    public void A_zero_prior_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelRuns.Run(ReputationModel.Create(),
            ModelRuns.Space(ReputationModel.Defaults, ("initial-alpha", 0.0), ("initial-beta", 0.0)), 1, 1));
        Assert.Contains("initial-alpha", error.Message);
        Assert.Contains("bad-option", error.Message); // the rule is Economics' own
    }
}
