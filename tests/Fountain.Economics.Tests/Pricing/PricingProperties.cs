using Fountain.Economics.Pricing;
using FsCheck;
using FsCheck.Fluent;

namespace Fountain.Economics.Tests.Pricing;

public class PricingProperties
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(500);
    private static readonly ShiftPricingOptions Update2018 = new() { Model = PricingModel.Shift2018 };
    private static readonly ShiftPricingOptions Shipped = new() { Model = PricingModel.ShiftShipped };

    private static Gen<long> Between(long low, long high) =>
        from hi in Gen.Choose(0, int.MaxValue) from lo in Gen.Choose(0, int.MaxValue)
        select low + (long)((((ulong)(uint)hi << 31) | (uint)lo) % (ulong)(high - low + 1));

    private static Tokens Price(ShiftPricingOptions o, long x, long supply, long z)
    {
        var q = ShiftPricing.QuoteTokensForBytes(o, x, supply, z);
        Assert.True(q.IsOk, q.Rejection?.ToString());
        return q.Value.Tokens;
    }

    [Fact]
    public void Shift2018_price_rises_with_claimed_bytes_and_falls_with_free_bytes()
    {
        var gen = from x1 in Between(0, 1L << 40) from dx in Between(0, 1L << 40)
                  from y1 in Between(1, 1L << 40) from dy in Between(0, 1L << 40)
                  from z in Between(1, 1L << 30)
                  select (x1, x2: x1 + dx, y1: y1 + z, y2: y1 + z + dy, z);
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), c =>
            Price(Update2018, c.x1, c.y1, c.z) <= Price(Update2018, c.x2, c.y1, c.z)
            && Price(Update2018, c.x1, c.y1, c.z) >= Price(Update2018, c.x1, c.y2, c.z)));
    }

    [Fact]
    public void Shipped_price_rises_with_claimed_bytes_and_falls_with_total_bytes_while_anything_is_claimed()
    {
        // X ≥ 1: at X = 0 the shipped rule takes X/Y as 1, a deliberate step (see the next test).
        var gen = from t1 in Between(1L << 20, 1L << 42) from dt in Between(0, 1L << 42)
                  from x1 in Between(1, 1L << 18) from dx in Between(0, 1L << 18)
                  from z in Between(1, 1L << 18)
                  select (t1, t2: t1 + dt, x1, x2: x1 + dx, z);
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), c =>
            Price(Shipped, c.x1, c.t1, c.z) <= Price(Shipped, c.x2, c.t1, c.z)
            && Price(Shipped, c.x1, c.t1, c.z) >= Price(Shipped, c.x1, c.t2, c.z)));
    }

    [Fact]
    public void Shipped_price_steps_down_when_the_first_bytes_are_claimed()
    {
        // X = 0: P = 0.3 · 1 · Z · R. X = 1 byte: P = 0.3 · (1 / (0.9T − 1)) · Z · R, far cheaper. Shift's
        // rule is not monotone at X = 0; this pins the behaviour down so a change to it is noticed.
        Assert.True(Price(Shipped, 0, 1_000_000_000, 1_000_000) > Price(Shipped, 1, 1_000_000_000, 1_000_000));
    }

    [Fact]
    public void Paying_the_quoted_price_claims_at_least_the_bytes_quoted()
    {
        var gen = from model in Gen.Elements(PricingModel.Shift2018, PricingModel.ShiftShipped)
                  from x in Between(1, 1L << 40) from extra in Between(1, 1L << 40) from z in Between(1, 1L << 30)
                  select (model, x, supply: (x + extra) * 2 + z * 2, z);
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var o = new ShiftPricingOptions { Model = c.model };
            var price = ShiftPricing.QuoteTokensForBytes(o, c.x, c.supply, c.z);
            if (!price.IsOk) return false;
            if (price.Value.Tokens.Units == 0) return true; // shift-2018 at a negligible X/Y: free
            var bytes = ShiftPricing.QuoteBytesForTokens(o, c.x, c.supply, price.Value.Tokens);
            // One base unit less must not buy the same bytes, or the price was not the smallest.
            var less = price.Value.Tokens.Units > 1
                ? ShiftPricing.QuoteBytesForTokens(o, c.x, c.supply, new Tokens(price.Value.Tokens.Units - 1))
                : Result<PriceQuote>.Reject("none", "");
            return (bytes.IsOk ? bytes.Value.Bytes >= c.z : bytes.Rejection!.Code == "not-enough-storage")
                   && (!less.IsOk || less.Value.Bytes < c.z);
        }));
    }
}
