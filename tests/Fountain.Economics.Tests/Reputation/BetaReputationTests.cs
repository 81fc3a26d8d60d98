using Fountain.Economics.Reputation;

namespace Fountain.Economics.Tests.Reputation;

public class BetaReputationTests
{
    private static readonly ReputationOptions Storj = ReputationOptions.Default;

    [Fact]
    public void One_failure_from_a_clean_record_scores_0_999()
    {
        var r = BetaReputation.Initial(Storj).Record(false, Storj);
        Assert.Equal(999m, r.Alpha);   // 0.999 · 1000 + 0
        Assert.Equal(1m, r.Beta);      // 0.999 · 0 + 1
        Assert.Equal(0.999m, r.Score);
        Assert.False(r.Disqualified);
    }

    [Fact]
    public void The_forty_first_consecutive_failure_disqualifies()
    {
        // α + β stays 1000, so after k failures the score is 0.999^k: 0.96077… at 40, 0.95981… at 41.
        var r = BetaReputation.Initial(Storj);
        for (var k = 1; k <= 40; k++) r = r.Record(false, Storj);
        Assert.False(r.Disqualified);
        Assert.Equal(0.9607702107358118m, decimal.Round(r.Score, 16));
        r = r.Record(false, Storj);
        Assert.True(r.Disqualified);
        Assert.Equal(0.9598094405250760m, decimal.Round(r.Score, 16));
        // Disqualification is permanent, even after a long run of passed audits.
        for (var k = 0; k < 3000; k++) r = r.Record(true, Storj); // β decays to 40.19 · 0.999^3000 ≈ 2
        Assert.True(r.Score > 0.99m);
        Assert.True(r.Disqualified);
    }

    [Fact]
    public void Passes_restore_the_score_and_forgetting_bounds_the_memory()
    {
        var r = BetaReputation.Initial(Storj);
        for (var k = 0; k < 30; k++) r = r.Record(false, Storj);
        var low = r.Score;
        for (var k = 0; k < 100; k++) r = r.Record(true, Storj);
        Assert.True(r.Score > low);
        Assert.Equal(1000m, decimal.Round(r.Alpha + r.Beta, 20));
    }

    [Fact]
    public void Bad_options_are_refused()
    {
        Assert.NotNull((Storj with { Lambda = 0 }).Validate());
        Assert.NotNull((Storj with { Alpha0 = 0, Beta0 = 0 }).Validate());
        Assert.NotNull((Storj with { DisqualificationThreshold = 1.5m }).Validate());
        Assert.Null(Storj.Validate());
    }
}
