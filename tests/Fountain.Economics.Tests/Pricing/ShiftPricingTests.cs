using Fountain.Economics;
using Fountain.Economics.Pricing;

namespace Fountain.Economics.Tests.Pricing;

public class ShiftPricingTests
{
    private const long MB = 1_000_000;
    private static readonly ShiftPricingOptions Update2018 = new() { Model = PricingModel.Shift2018, Shift2018C = 0.3m };
    private static readonly ShiftPricingOptions Shipped = new() { Model = PricingModel.ShiftShipped, Replication = 3 };

    [Fact]
    public void Shift2018_price_is_C_times_X_over_Y_times_Z_times_R()
    {
        // P = 0.3 · (1000 MB / 600 MB) · 100 MB · (1 token / MB) = 0.3 · 5/3 · 100 = 50 tokens.
        var quote = ShiftPricing.QuoteTokensForBytes(Update2018, 1000 * MB, 600 * MB, 100 * MB).Value;
        Assert.Equal(Tokens.FromWhole(50), quote.Tokens);
        Assert.Equal(600 * MB, quote.SupplyBytes);
        Assert.False(quote.RatioTakenAsOne);
        // The other direction: Z = P / (C·(X/Y)·R) = 50 / (0.3 · 5/3 · 1e-6) = 100 MB exactly.
        Assert.Equal(100 * MB, ShiftPricing.QuoteBytesForTokens(Update2018, 1000 * MB, 600 * MB, Tokens.FromWhole(50)).Value.Bytes);
    }

    [Fact]
    public void Price_rounds_up_to_a_base_unit_and_bytes_round_down()
    {
        // P = 0.3 · (1/3) · 1 byte · 1e-6 token/byte = 1e-7 token = 10 units exactly; with Y = 7 bytes:
        // 0.3 · (1/7) · 1e-6 token = 4.2857… units, rounded up to 5.
        var p = ShiftPricing.QuoteTokensForBytes(Update2018, 1, 7, 1).Value;
        Assert.Equal(5, p.Tokens.Units);
        // 5 units buy floor(5 / 4.2857…) = floor(1.1666…) = 1 byte.
        Assert.Equal(1, ShiftPricing.QuoteBytesForTokens(Update2018, 1, 7, new Tokens(5)).Value.Bytes);
        // 4 units buy floor(0.9333…) = 0 bytes: a quote says so rather than rounding up.
        Assert.Equal(0, ShiftPricing.QuoteBytesForTokens(Update2018, 1, 7, new Tokens(4)).Value.Bytes);
    }

    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(2, 0.5)]
    [InlineData(3, 0.3)]
    [InlineData(4, 0.3)] // round(2.5) = 3 with JavaScript's Math.round
    [InlineData(5, 0.2)]
    [InlineData(12, 0.1)]
    public void Shipped_C_is_round_of_ten_over_replication_over_ten(int replication, double c)
    {
        Assert.Equal((decimal)c, ShiftPricingOptions.ShippedC(replication));
    }

    [Fact]
    public void Shipped_supply_keeps_a_ten_percent_reserve()
    {
        // Y = floor(0.9 · 10 000 MB) − 2 000 MB = 7 000 MB; P = 0.3 · (2000/7000) · 700 MB · 1 token/MB = 60 tokens.
        var quote = ShiftPricing.QuoteTokensForBytes(Shipped, 2000 * MB, 10_000 * MB, 700 * MB).Value;
        Assert.Equal(7000 * MB, quote.SupplyBytes);
        Assert.Equal(Tokens.FromWhole(60), quote.Tokens);
        Assert.Equal(0.3m, quote.C);
        // Y is floored to whole bytes: 0.9 · 11 = 9.9 → 9, minus X = 1 gives 8.
        Assert.Equal(8, ShiftPricing.SupplyBytes(Shipped, 1, 11));
    }

    [Fact]
    public void Shipped_takes_the_ratio_as_one_when_nothing_is_claimed()
    {
        // X = 0: P = 0.3 · 1 · 10 MB · 1 token/MB = 3 tokens.
        var quote = ShiftPricing.QuoteTokensForBytes(Shipped, 0, 1000 * MB, 10 * MB).Value;
        Assert.True(quote.RatioTakenAsOne);
        Assert.Equal(Tokens.FromWhole(3), quote.Tokens);
        Assert.Equal(10 * MB, ShiftPricing.QuoteBytesForTokens(Shipped, 0, 1000 * MB, Tokens.FromWhole(3)).Value.Bytes);
    }

    [Fact]
    public void Shift2018_with_nothing_claimed_prices_at_zero_and_refuses_the_reverse()
    {
        Assert.Equal(Tokens.Zero, ShiftPricing.QuoteTokensForBytes(Update2018, 0, 1000, 10).Value.Tokens);
        Assert.Equal("zero-price", ShiftPricing.QuoteBytesForTokens(Update2018, 0, 1000, Tokens.FromWhole(1)).Rejection!.Code);
    }

    [Fact]
    public void No_free_bytes_and_not_enough_storage_are_refused()
    {
        // Shipped: 0.9 · 1000 − 900 = 0 ≤ 0.
        Assert.Equal("no-free-bytes", ShiftPricing.QuoteTokensForBytes(Shipped, 900, 1000, 1).Rejection!.Code);
        Assert.Equal("no-free-bytes", ShiftPricing.QuoteTokensForBytes(Update2018, 5, 0, 1).Rejection!.Code);
        // Shipped: Y = 900 − 100 = 800 < Z = 801.
        Assert.Equal("not-enough-storage", ShiftPricing.QuoteTokensForBytes(Shipped, 100, 1000, 801).Rejection!.Code);
        Assert.True(ShiftPricing.QuoteTokensForBytes(Shipped, 100, 1000, 800).IsOk);
        // 1000 tokens at C = 0.3, X/Y = 100/800 buy far more than 800 bytes.
        Assert.Equal("not-enough-storage", ShiftPricing.QuoteBytesForTokens(Shipped, 100, 1000, Tokens.FromWhole(1000)).Rejection!.Code);
    }

    [Fact]
    public void Bad_input_is_refused_with_a_reason()
    {
        Assert.Equal("bad-bytes", ShiftPricing.QuoteTokensForBytes(Shipped, 1, 1000, 0).Rejection!.Code);
        Assert.Equal("bad-tokens", ShiftPricing.QuoteBytesForTokens(Shipped, 1, 1000, Tokens.Zero).Rejection!.Code);
        Assert.Equal("bad-claimed", ShiftPricing.QuoteTokensForBytes(Shipped, -1, 1000, 1).Rejection!.Code);
        Assert.Equal("bad-supply", ShiftPricing.QuoteTokensForBytes(Shipped, 1, -1, 1).Rejection!.Code);
        Assert.Equal("bad-option", ShiftPricing.QuoteTokensForBytes(Shipped with { Replication = 0 }, 1, 1000, 1).Rejection!.Code);
        Assert.Equal("bad-option", ShiftPricing.QuoteTokensForBytes(Shipped with { Replication = 21 }, 1, 1000, 1).Rejection!.Code);
    }
}
