namespace Fountain.Lab.Engine;

/// <summary>The lab's numeric conventions: which boxed values count as numbers, and how they add.</summary>
internal static class Numbers
{
    public static bool IsNumber(object? value) => value is double or float or int or long or decimal;

    public static double ToDouble(object? value, string what) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        decimal m => (double)m,
        _ => throw new InvalidCastException($"'{what}' is a {value?.GetType().Name ?? "null"}, not a number."),
    };
}
