using Fountain.Economics.Perpetual;

namespace Fountain.Economics.Tests.Perpetual;

public class PerpetualFeeTests
{
    [Fact]
    public void Minus_ln_of_one_minus_d_matches_the_math_library()
    {
        foreach (var d in new[] { 0.005m, 0.01m, 0.1m, 0.3m, 0.5m, 0.9m, 0.99m })
            Assert.Equal(-Math.Log(1 - (double)d), (double)NaturalLog.MinusLnOneMinus(d), 1e-14);
        // −ln(0.995) = 0.00501254182354428204309373895836778… (50-digit reference).
        Assert.Equal(0.0050125418235442820430937390m, NaturalLog.MinusLnOneMinus(0.005m));
    }

    [Fact]
    public void Arweave_parameters_give_the_hand_computed_fee()
    {
        // 1 GB × 20 replicas × 0.01 token/GB-year = 0.2 tokens a year; ÷ −ln(0.995) = 39.899916457671… → 39.89991646.
        var options = new PerpetualFeeOptions { Replicas = 20, YearlyCostDecline = 0.005m, YearlyCostTokensPerGigabyte = 0.01m };
        var quote = PerpetualFee.Quote(options, 1_000_000_000).Value;
        Assert.Equal(20, quote.Replicas);
        Assert.False(quote.ReplicasDerived);
        Assert.Equal(0.2m, quote.FirstYearCostTokens);
        Assert.Equal(199.499582288356m, decimal.Round(quote.PerpetuityYears, 12));
        Assert.Equal(Tokens.FromDecimal(39.89991646m), quote.Fee);
        Assert.Contains(quote.Explain(), line => line.Contains("replicas: 20 (configured)"));
    }

    [Fact]
    public void Fountain_replicas_default_to_redundancy_times_holders()
    {
        // The default is the product written out (fountain.economics.perpetual-fee.replicas = 36), and deriving it from
        // the redundancy and holder count the options carry gives the same quote.
        Assert.Equal(PerpetualFee.Quote(PerpetualFeeOptions.Default, 1_000_000).Value.Fee,
            PerpetualFee.Quote(PerpetualFeeOptions.Default with { Replicas = 0 }, 1_000_000).Value.Fee);
        var quote = PerpetualFee.Quote(PerpetualFeeOptions.Default with { Replicas = 0 }, 1_000_000).Value;
        Assert.Equal(36, quote.Replicas);
        Assert.True(quote.ReplicasDerived);
        // 10^6 B × 36 × 0.01 / 10^9 = 0.00036 tokens a year; × 199.4995822883… = 0.07181984962… → 0.07181985.
        Assert.Equal(Tokens.FromDecimal(0.07181985m), quote.Fee);
    }

    [Fact]
    public void The_fee_grows_with_size_and_shrinks_with_a_faster_decline()
    {
        var o = PerpetualFeeOptions.Default;
        Assert.True(PerpetualFee.Quote(o, 2_000_000).Value.Fee > PerpetualFee.Quote(o, 1_000_000).Value.Fee);
        Assert.True(PerpetualFee.Quote(o with { YearlyCostDecline = 0.3m }, 1_000_000).Value.Fee < PerpetualFee.Quote(o, 1_000_000).Value.Fee);
    }

    [Fact]
    public void Bad_parameters_are_refused()
    {
        var o = PerpetualFeeOptions.Default;
        Assert.Equal("bad-bytes", PerpetualFee.Quote(o, 0).Rejection!.Code);
        Assert.Equal("bad-option", PerpetualFee.Quote(o with { YearlyCostDecline = 0 }, 1).Rejection!.Code);
        Assert.Equal("bad-option", PerpetualFee.Quote(o with { YearlyCostDecline = 1 }, 1).Rejection!.Code);
        Assert.Equal("bad-option", PerpetualFee.Quote(o with { YearlyCostTokensPerGigabyte = 0 }, 1).Rejection!.Code);
        Assert.Equal("bad-option", PerpetualFee.Quote(o with { Replicas = -1 }, 1).Rejection!.Code);
        Assert.Equal("overflow", PerpetualFee.Quote(o with { YearlyCostTokensPerGigabyte = 1_000_000_000m }, long.MaxValue).Rejection!.Code);
    }
}
