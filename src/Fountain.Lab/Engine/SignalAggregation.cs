namespace Fountain.Lab.Engine;

/// <summary>
/// How the signals of a block's policies combine, as cadCAD's <c>policy_ops</c>: values emitted under the same
/// name are reduced pairwise in policy order with <see cref="Reduce"/>, then each reduced value goes through the
/// <see cref="Then"/> functions in order. A signal emitted by one policy only is reduced to itself. cadCAD's
/// default is <c>[lambda a, b: a + b]</c>: <see cref="Sum"/>.
/// </summary>
public sealed record SignalAggregation(Func<object, object, object> Reduce, IReadOnlyList<Func<object, object>> Then)
{
    public SignalAggregation(Func<object, object, object> reduce) : this(reduce, []) { }

    /// <summary>Numbers add (double + anything numeric is a double; int and long add as long).</summary>
    public static readonly SignalAggregation Sum = new(Add);

    /// <summary>The largest value wins (numbers only).</summary>
    public static readonly SignalAggregation Max = new((a, b) => Numbers.ToDouble(a, "signal") >= Numbers.ToDouble(b, "signal") ? a : b);

    /// <summary>The product of the values (numbers only).</summary>
    public static readonly SignalAggregation Product = new((a, b) => Numbers.ToDouble(a, "signal") * Numbers.ToDouble(b, "signal"));

    /// <summary>The last policy to emit a signal wins.</summary>
    public static readonly SignalAggregation Last = new((_, b) => b);

    internal object Combine(IReadOnlyList<object> values)
    {
        object result = values[0];
        for (int i = 1; i < values.Count; i++) result = Reduce(result, values[i]);
        foreach (var f in Then) result = f(result);
        return result;
    }

    private static object Add(object a, object b) => (a, b) switch
    {
        (int x, int y) => (long)x + y,
        (int x, long y) => x + y,
        (long x, int y) => x + y,
        (long x, long y) => x + y,
        (decimal x, decimal y) => x + y,
        _ when Numbers.IsNumber(a) && Numbers.IsNumber(b) => Numbers.ToDouble(a, "signal") + Numbers.ToDouble(b, "signal"),
        _ => throw new InvalidOperationException(
            $"Two policies emitted the same signal as {a.GetType().Name} and {b.GetType().Name}, which the default aggregation (sum) cannot add; give the block an aggregation."),
    };
}
