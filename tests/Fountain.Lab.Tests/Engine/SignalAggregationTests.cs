using Fountain.Lab.Engine;

namespace Fountain.Lab.Tests.Engine;

public class SignalAggregationTests
{
    private static LabModel TwoPolicies(SignalAggregation? aggregation, object first, object second) => new(
        "signals", [new("received")],
        _ => new Dictionary<string, object> { ["received"] = 0.0 },
        [new("combine",
            [(_, _) => Signals.Of(("d", first), ("only-first", 5.0)), (_, _) => Signals.Of(("d", second))],
            [new("received", (_, _, sig) => sig.GetDouble("d") * 100 + sig.GetDouble("only-first"))],
            aggregation)]);

    private static string LastValue(LabModel model) =>
        TestModels.RunToCsv(TestModels.Single(model, 1, 1)).TrimEnd('\n').Split('\n')[^1].Split(',')[^1];

    [Fact]
    public void Signals_of_the_same_name_are_summed_by_default() =>
        Assert.Equal("305", LastValue(TwoPolicies(null, 1.0, 2.0)));

    [Fact]
    public void Integer_signals_sum_as_long_without_overflow()
    {
        var sum = SignalAggregation.Sum.Reduce(int.MaxValue, int.MaxValue);
        Assert.Equal(2L * int.MaxValue, Assert.IsType<long>(sum));
    }

    [Fact]
    public void The_aggregation_is_configurable_per_block()
    {
        Assert.Equal("205", LastValue(TwoPolicies(SignalAggregation.Max, 1.0, 2.0)));
        Assert.Equal("605", LastValue(TwoPolicies(SignalAggregation.Product, 3.0, 2.0)));
        Assert.Equal("105", LastValue(TwoPolicies(SignalAggregation.Last, 2.0, 1.0)));
    }

    [Fact]
    public void Then_functions_apply_after_the_reduction_like_cadcad_policy_ops()
    {
        // cadCAD: policy_ops = [add, lambda a: a * 2] doubles the sum, and also a signal only one policy sent.
        var doubled = new SignalAggregation(SignalAggregation.Sum.Reduce, [v => Convert.ToDouble(v) * 2]);
        Assert.Equal("610", LastValue(TwoPolicies(doubled, 1.0, 2.0)));
    }

    [Fact]
    public void Signals_that_cannot_be_summed_fail_with_a_message_that_names_the_fix()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LastValue(TwoPolicies(null, "a", "b")));
        Assert.Contains("aggregation", error.Message);
    }

    [Fact]
    public void A_missing_signal_is_an_error_not_zero()
    {
        var model = new LabModel("m", [new("a")], _ => new Dictionary<string, object> { ["a"] = 0.0 },
            [new("b", [(_, _) => Signals.Of(("x", 1.0))], [new("a", (_, _, sig) => sig.GetDouble("typo"))])]);
        Assert.Throws<KeyNotFoundException>(() => LastValue(model));
    }
}
