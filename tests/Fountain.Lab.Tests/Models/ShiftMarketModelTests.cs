using Fountain.Lab.Models.Pricing;

namespace Fountain.Lab.Tests.Models;

public class ShiftMarketModelTests
{
    [Fact]
    public void Without_liars_the_oracle_is_exact_and_the_price_is_shifts_formula()
    {
        var stats = ModelRuns.Run(ShiftMarketModel.Create(), ModelRuns.Space(ShiftMarketModel.Defaults), runs: 1, timesteps: 50);
        Assert.Equal(0, stats.Final("oracle-error"));
        // Shift shipped: P(1 GB) = C · X / (0.9·Total − X) · 10^9 bytes · (1 token / 10^6 bytes), C = 0.3; rounded up to 1e-8 token.
        double x = stats.Final("claimed-bytes"), total = stats.Final("total-bytes");
        double expected = 0.3 * x / (Math.Floor(0.9 * total) - x) * 1000;
        Assert.InRange(stats.Final("price-tokens-per-gb"), expected, expected + 1e-8);
        Assert.InRange(stats.Final("utilisation"), 0.05, 0.9);
    }

    [Theory]
    [InlineData("trimmed-mean", 0.15, false)]   // a minority of liars falls outside Tukey's fences
    [InlineData("trimmed-mean", 0.6, true)]     // a majority moves the quartiles, and the mean with them
    [InlineData("windowed-median", 0.35, false)] // the mode per window, then the median, holds below half
    [InlineData("windowed-median", 0.7, true)]
    public void Lying_forgers_move_y_only_when_they_outnumber_what_the_oracle_can_trim(string oracle, double liars, bool fooled)
    {
        var stats = ModelRuns.Run(ShiftMarketModel.Create(), ModelRuns.Space(ShiftMarketModel.Defaults,
            ("oracle", oracle), ("liar-fraction", liars), ("lie-factor", 10.0)), runs: 2, timesteps: 40);
        if (fooled) Assert.True(stats.Final("oracle-error") > 1, $"error {stats.Final("oracle-error")}");
        else Assert.Equal(0, stats.Final("oracle-error"), 6);
    }

    [Theory]
    [InlineData(0.0, 2, 0.0)]   // honest masternodes: the capped sum is the truth
    [InlineData(0.1, 2, 0.1)]   // 2 of 20 lie 10x, capped at 2 shares each: Y + 2 shares = +10% (bound k·(c − 1)/n for real nodes)
    [InlineData(0.1, 10, 0.9)]  // the cap the chain had before: + 2 × 9 shares = +90%
    [InlineData(0.25, 2, 0.25)] // 5 of 20
    public void Steady_lying_masternodes_move_y_by_the_chains_bound(double liars, long cap, double error)
    {
        var stats = ModelRuns.Run(ShiftMarketModel.Create(), ModelRuns.Space(ShiftMarketModel.Defaults,
            ("reporters", 20L), ("liar-fraction", liars), ("lie-factor", 10.0), ("report-cap-median-multiple", cap)), runs: 2, timesteps: 30);
        Assert.Equal(error, stats.Final("oracle-error"), 6);
    }

    [Fact]
    public void A_majority_of_lying_masternodes_owns_the_median_and_y()
    {
        var stats = ModelRuns.Run(ShiftMarketModel.Create(), ModelRuns.Space(ShiftMarketModel.Defaults,
            ("reporters", 20L), ("liar-fraction", 0.6), ("lie-factor", 10.0)), runs: 1, timesteps: 20);
        Assert.True(stats.Final("oracle-error") > 1, $"error {stats.Final("oracle-error")}");
    }

    [Fact]
    public void Shocks_move_the_price_the_way_the_formula_says()
    {
        var calm = ModelRuns.Run(ShiftMarketModel.Create(), ModelRuns.Space(ShiftMarketModel.Defaults), runs: 3, timesteps: 60);
        var demand = ModelRuns.Run(ShiftMarketModel.Create(), ModelRuns.Space(ShiftMarketModel.Defaults,
            ("demand-shock-round", 10L), ("demand-shock-factor", 5.0)), runs: 3, timesteps: 60);
        var supply = ModelRuns.Run(ShiftMarketModel.Create(), ModelRuns.Space(ShiftMarketModel.Defaults,
            ("supply-shock-round", 10L), ("supply-shock-fraction", 0.4)), runs: 3, timesteps: 60);
        Assert.True(demand.Final("price-tokens-per-gb") > calm.Final("price-tokens-per-gb") * 1.5);
        Assert.True(supply.Final("price-tokens-per-gb") > calm.Final("price-tokens-per-gb") * 1.2);
        Assert.True(demand.Final("locked-tokens") > calm.Final("locked-tokens"));
    }

    [Fact]
    public void Unknown_pricing_rules_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelRuns.Run(ShiftMarketModel.Create(),
            ModelRuns.Space(ShiftMarketModel.Defaults, ("pricing-model", "free-for-all")), 1, 1));
        Assert.Contains("pricing-model", error.Message);
    }

    [Fact]
    public void The_2018_rules_price_against_free_bytes()
    {
        var stats = ModelRuns.Run(ShiftMarketModel.Create(), ModelRuns.Space(ShiftMarketModel.Defaults, ("pricing-model", "shift-2018")), runs: 1, timesteps: 20);
        double x = stats.Final("claimed-bytes"), total = stats.Final("total-bytes");
        Assert.Equal(total - x, stats.Final("supply-figure-bytes"));
        double expected = 0.3 * x / (total - x) * 1000;
        Assert.InRange(stats.Final("price-tokens-per-gb"), expected, expected + 1e-8);
    }
}
