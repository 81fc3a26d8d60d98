namespace Fountain.Economics.Supply;

/// <summary>
/// A witness's check of the supply figure a forger recorded in its block (seed shift-pricing.txt,
/// "Calculating Y", step 5): accepted when within a tolerance of the witness's own cached value
/// ("e.g. 5% of their own value"; issue 5, item 4: ±5%).
/// </summary>
public static class WitnessCheck
{
    /// <summary>True when |proposed − own| ≤ tolerance·own, computed exactly.</summary>
    public static bool Accepts(long proposedBytes, long ownBytes, decimal tolerance)
    {
        if (tolerance < 0) throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "tolerance must not be negative");
        if (proposedBytes < 0 || ownBytes < 0) return false;
        var (tn, td) = ExactMath.Fraction(tolerance);
        var difference = System.Numerics.BigInteger.Abs((System.Numerics.BigInteger)proposedBytes - ownBytes);
        return difference * td <= tn * ownBytes;
    }
}
