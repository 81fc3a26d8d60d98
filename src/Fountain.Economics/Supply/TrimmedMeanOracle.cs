using System.Numerics;

namespace Fountain.Economics.Supply;

/// <summary>
/// The supply oracle of Shift's 2018 update (seed shift-pricing.txt, "Calculating Y", step 6): the mean of
/// the supply samples recorded in a round's blocks, outliers removed. Everything is exact: quartiles and
/// fences in integer quarters, the standard-deviation test squared and cross-multiplied (no square root),
/// and the mean rounded down to a whole byte, so that every forger computes the same Y.
/// </summary>
public static class TrimmedMeanOracle
{
    /// <summary>The mean of the kept samples (floored to a byte), or a rejection if there are none.</summary>
    public static Result<long> Estimate(IReadOnlyList<long> samples, OutlierRule rule)
    {
        var kept = Kept(samples, rule);
        if (!kept.IsOk) return Result<long>.Reject(kept.Rejection!);
        BigInteger sum = 0;
        foreach (var s in kept.Value) sum += s;
        return Result<long>.Ok((long)ExactMath.FloorDiv(sum, kept.Value.Count));
    }

    /// <summary>The samples the rule keeps, in ascending order.</summary>
    public static Result<IReadOnlyList<long>> Kept(IReadOnlyList<long> samples, OutlierRule rule)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(rule);
        if (samples.Count == 0) return Result<IReadOnlyList<long>>.Reject("no-samples", "the round recorded no supply samples");
        foreach (var s in samples)
            if (s < 0) return Result<IReadOnlyList<long>>.Reject("bad-sample", $"a supply sample is negative: {s}");
        var sorted = samples.Order().ToArray();
        return rule switch
        {
            OutlierRule.InterquartileRange iqr when iqr.K < 0 => Result<IReadOnlyList<long>>.Reject("bad-option", "the IQR multiplier k must not be negative"),
            OutlierRule.StandardDeviations sd when sd.K < 0 => Result<IReadOnlyList<long>>.Reject("bad-option", "the standard-deviation multiplier k must not be negative"),
            OutlierRule.InterquartileRange iqr => Result<IReadOnlyList<long>>.Ok(WithinTukeyFences(sorted, iqr.K)),
            OutlierRule.StandardDeviations sd => Result<IReadOnlyList<long>>.Ok(WithinDeviations(sorted, sd.K)),
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };
    }

    private static long[] WithinTukeyFences(long[] sorted, decimal k)
    {
        // Work in quarters of a byte so that the interpolated quartiles are integers: 4·Q at position p
        // = 4·s[i] + f·(s[i+1] − s[i]) where p = i + f/4, i.e. 4p = (n − 1) or 3(n − 1).
        var q1x4 = QuartileTimesFour(sorted, sorted.Length - 1);
        var q3x4 = QuartileTimesFour(sorted, 3 * (sorted.Length - 1));
        var (kn, kd) = ExactMath.Fraction(k);
        var iqrx4 = q3x4 - q1x4;
        // Keep s when Q1 − k·IQR ≤ s ≤ Q3 + k·IQR; multiplied by 4·kd to stay in integers.
        var low = q1x4 * kd - kn * iqrx4;
        var high = q3x4 * kd + kn * iqrx4;
        return sorted.Where(s => 4 * kd * s >= low && 4 * kd * s <= high).ToArray();
    }

    /// <summary>4 × the order statistic at position positionTimesFour/4, linearly interpolated.</summary>
    private static BigInteger QuartileTimesFour(long[] sorted, int positionTimesFour)
    {
        var i = positionTimesFour / 4;
        var f = positionTimesFour % 4;
        BigInteger lower = sorted[i];
        if (f == 0) return 4 * lower;
        BigInteger upper = sorted[i + 1];
        return 4 * lower + f * (upper - lower);
    }

    private static long[] WithinDeviations(long[] sorted, decimal k)
    {
        // |s − mean| ≤ k·σ with mean = S/n and σ² = (n·Σs² − S²)/n² becomes, squared and multiplied by n²:
        // (n·s − S)² ≤ k²·(n·Σs² − S²). With k = kn/kd: kd²·(n·s − S)² ≤ kn²·(n·Σs² − S²).
        BigInteger n = sorted.Length, sum = 0, sumSquares = 0;
        foreach (var s in sorted) { sum += s; sumSquares += (BigInteger)s * s; }
        var (kn, kd) = ExactMath.Fraction(k);
        var bound = kn * kn * (n * sumSquares - sum * sum);
        return sorted.Where(s =>
        {
            var d = n * s - sum;
            return kd * kd * d * d <= bound;
        }).ToArray();
    }
}
