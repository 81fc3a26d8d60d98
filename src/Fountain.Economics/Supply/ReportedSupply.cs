using System.Numerics;

namespace Fountain.Economics.Supply;

/// <summary>
/// One height's supply sample from the masternodes' own storage reports (a chain without Shift's forgers: each
/// masternode reports its Total/Used/Free, and the sample is their sum; seed shift-pricing.txt, "Supply Y ... is the
/// SUM of the drive space that each swarm peer has made available"). The sum is taken per reporter with each figure
/// capped at <c>c</c> times the lower median of the figures, so that a liar counts for at most c median reporters.
/// The oracle's outlier trimming works across heights and so never sees a liar that repeats the same figure every
/// height; the cap works across reporters and so holds for a steady liar too, at every height of the round, and the
/// round's Y (a mean or median of samples) is bounded like its samples.
/// <para>
/// The bound. Let h honest reporters report a₀ ≤ … ≤ a_{h−1} (sum H) and k &lt; h liars (a minority of the
/// n = h + k reporters) report anything, and let m = ⌊(n − 1)/2⌋. The lower median then lies in [a_{m−k}, a_m] (at
/// least m + 1 − k honest figures are at or below it and at least h − m at or above it), so the sample S satisfies
/// <code>
///   Σⱼ min(aⱼ, c·a_{m−k})  ≤  S  ≤  H + k·c·a_m  ≤  H·(1 + c·k/(h − m))  ≤  H·(1 + 2·c·k/(h − k + 1))
/// </code>
/// (a_m ≤ H/(h − m) because the h − m figures from a_m up are each at least a_m). Honest figures are never raised;
/// when every honest figure is at most c·a_{m−k} the left side is H, so liars cannot lower the sample either. For
/// h honest reporters of equal size: H ≤ S ≤ H·(1 + c·k/h), each liar worth at most c honest nodes whatever it
/// reports. With c = 2, two liars among six honest nodes move S by at most +67% (the 10× cap the chain used before
/// allowed +333%: 4.3x). A majority of liars (k ≥ h) is not bounded: it owns the median.
/// </para>
/// <para>
/// The cost. An honest reporter above c times the median is counted as c times the median: a network whose disks
/// differ by more than c undercounts its supply (a higher price), so c is a setting. Reports are counted per reporter,
/// not weighted by collateral: on the development chain collateral comes from the faucet and has no upper limit, so a
/// collateral weight would hand the median to whoever locks the most in one node, while every reporter — honest or
/// not — must lock the minimum collateral to exist at all.
/// </para>
/// </summary>
public static class ReportedSupply
{
    /// <summary>
    /// The sum of <paramref name="figures"/>, each counted for at most <paramref name="capMedianMultiple"/> times their
    /// lower median (0: no cap), held at <see cref="long.MaxValue"/> rather than overflowing; null when nobody reported.
    /// The order of the figures does not matter.
    /// </summary>
    public static long? Sample(IEnumerable<long> figures, int capMedianMultiple)
    {
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentOutOfRangeException.ThrowIfNegative(capMedianMultiple);
        var sorted = figures.ToArray();
        if (sorted.Length == 0) return null;
        foreach (var f in sorted) ArgumentOutOfRangeException.ThrowIfNegative(f, nameof(figures));
        Array.Sort(sorted);
        var cap = Cap(sorted, capMedianMultiple);
        BigInteger sum = 0;
        foreach (var f in sorted) sum += Math.Min(f, cap);
        return sum > long.MaxValue ? long.MaxValue : (long)sum;
    }

    /// <summary>The most one reporter counts for: c times the lower median of the sorted figures (long.MaxValue when c is 0).</summary>
    public static long Cap(IReadOnlyList<long> sortedFigures, int capMedianMultiple)
    {
        ArgumentNullException.ThrowIfNull(sortedFigures);
        if (capMedianMultiple == 0 || sortedFigures.Count == 0) return long.MaxValue;
        var cap = (BigInteger)sortedFigures[(sortedFigures.Count - 1) / 2] * capMedianMultiple;
        return cap > long.MaxValue ? long.MaxValue : (long)cap;
    }
}
