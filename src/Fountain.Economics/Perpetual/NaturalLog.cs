namespace Fountain.Economics.Perpetual;

/// <summary>
/// −ln(1 − d) in <see cref="decimal"/>, so that every node computes the same fee to the last digit
/// (double's <c>Math.Log</c> may differ across platforms in the last bit, and a fee is consensus data).
/// </summary>
internal static class NaturalLog
{
    /// <summary>
    /// −ln(1 − d) = ln(1/(1 − d)) = 2·artanh(x) with x = d/(2 − d), and
    /// artanh(x) = x + x³/3 + x⁵/5 + …, which converges fast for the small x a yearly decline gives
    /// (x ≈ 0.0025 at d = 0.005: ten terms reach decimal's 28 digits).
    /// </summary>
    public static decimal MinusLnOneMinus(decimal d)
    {
        if (d <= 0 || d >= 1) throw new ArgumentOutOfRangeException(nameof(d), d, "d must be in (0, 1)");
        var x = d / (2 - d);
        var x2 = x * x;
        decimal sum = 0, power = x;
        for (var k = 1; k < 10_000; k += 2)
        {
            var term = power / k;
            if (term == 0) break;
            var next = sum + term;
            if (next == sum) break; // the term no longer changes a 28-digit decimal
            sum = next;
            power *= x2;
        }
        return 2 * sum;
    }
}
