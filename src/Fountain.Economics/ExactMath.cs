using System.Numerics;

namespace Fountain.Economics;

/// <summary>
/// Integer helpers for exact formulas: a formula is evaluated as one fraction of big integers and
/// rounded once, at the end, in a stated direction. This is what keeps every node's answer identical.
/// </summary>
internal static class ExactMath
{
    /// <summary>The exact fraction numerator/denominator of a decimal (0.3 → 3/10).</summary>
    public static (BigInteger Numerator, BigInteger Denominator) Fraction(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var mantissa = new BigInteger((uint)bits[0]) | (new BigInteger((uint)bits[1]) << 32) | (new BigInteger((uint)bits[2]) << 64);
        if (value < 0) mantissa = -mantissa;
        var scale = (bits[3] >> 16) & 0xFF;
        return (mantissa, BigInteger.Pow(10, scale));
    }

    /// <summary>floor(n/d) for d &gt; 0.</summary>
    public static BigInteger FloorDiv(BigInteger n, BigInteger d)
    {
        var q = BigInteger.DivRem(n, d, out var r);
        return r < 0 ? q - 1 : q;
    }

    /// <summary>ceil(n/d) for d &gt; 0.</summary>
    public static BigInteger CeilDiv(BigInteger n, BigInteger d)
    {
        var q = BigInteger.DivRem(n, d, out var r);
        return r > 0 ? q + 1 : q;
    }

    /// <summary>
    /// n/d rounded half up (towards +infinity at exactly .5), for d &gt; 0. This is JavaScript's
    /// <c>Math.round</c>, which Shift's code (a Lisk fork in JavaScript) used.
    /// </summary>
    public static BigInteger RoundHalfUp(BigInteger n, BigInteger d) => FloorDiv(2 * n + d, 2 * d);

    /// <summary>Narrows to long, or null if the value does not fit.</summary>
    public static long? ToLong(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? (long)value : null;
}
