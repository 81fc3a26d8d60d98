namespace Fountain.Codec.Legacy;

/// <summary>
/// The cumulative robust soliton distribution exactly as the reference computes it in IEEE doubles, so that a
/// degree drawn here equals the degree drawn by the Python program for every seed.
/// </summary>
/// <remarks>
/// Faithful details, each of which changes bits of the result (reference: luby.py, <c>_PRNG.__gen_*</c>):
/// S = c · ln(K/δ) · √K evaluated left to right; pivot = ⌊K/S⌋; τ is a Python list of length
/// (pivot − 1) + 1 + max(0, K − pivot) holding S/K·1/d for d in 1..pivot−1, then the spike S/K · ln(S/δ), then
/// zeros. When pivot exceeds K (K ≤ 9) τ is longer than K: its tail, including the spike, never enters μ but
/// does enter the normaliser sum(ρ) + sum(τ), and for K ≤ 4 the spike is negative (S &lt; δ). ρ is 1/K followed
/// by 1/(d(d−1)). Each sum is a plain left-to-right float addition starting from 0, which is Python ≤ 3.11's
/// <c>sum()</c>; Python 3.12 switched <c>sum()</c> of floats to compensated summation, which moves CDF entries
/// by up to a few ulps (measured: ≤ 2.3e-15 at K = 3000), so a 3.12 interpreter can, with probability of order
/// 1e-15 per block, draw a different degree than the program did when it wrote the block. We keep the semantics
/// the reference was written and run under. The CDF entry d is the prefix sum μ[0] + … + μ[d], which the
/// reference recomputes from scratch for every d in the same order; a running sum gives the same bits.
/// </remarks>
internal sealed class RobustSolitonCdf
{
    private readonly double[] _cdf;

    private RobustSolitonCdf(double[] cdf) => _cdf = cdf;

    /// <summary>K, the number of source symbols the distribution is over.</summary>
    public int SourceSymbols => _cdf.Length;

    /// <summary>The CDF entries, index d holding P(degree ≤ d + 1). For tests and documentation.</summary>
    public ReadOnlySpan<double> Values => _cdf;

    /// <summary>Builds the CDF for K source symbols (K ≥ 1; the reference fails on K = 0 with a math domain error).</summary>
    public static RobustSolitonCdf Build(int sourceSymbols)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceSymbols, 1);
        int k = sourceSymbols;
        const double c = PastelV0Format.SolitonC;
        const double delta = PastelV0Format.SolitonDelta;

        double s = c * Math.Log(k / delta) * Math.Sqrt(k);
        // int(math.floor(K / S)); S > 0 for every K ≥ 1 and K/S ≥ 1, so the pivot is at least 1.
        int pivot = (int)Math.Floor(k / s);
        double spike = s / k * Math.Log(s / delta);

        // τ has pivot − 1 terms S/K·1/d, then the spike, then K − pivot zeros (none if pivot ≥ K).
        int tauLength = (pivot - 1) + 1 + Math.Max(0, k - pivot);
        double Tau(int index) =>
            index < pivot - 1 ? s / k * 1 / (index + 1)
            : index == pivot - 1 ? spike
            : 0.0;
        double Rho(int index) => index == 0 ? 1.0 / k : 1.0 / ((double)(index + 1) * index);

        double sumRho = 0.0;
        for (int i = 0; i < k; i++)
        {
            sumRho += Rho(i);
        }

        double sumTau = 0.0;
        for (int i = 0; i < tauLength; i++)
        {
            sumTau += Tau(i);
        }

        double normaliser = sumRho + sumTau;
        var cdf = new double[k];
        double running = 0.0;
        for (int d = 0; d < k; d++)
        {
            running += (Rho(d) + Tau(d)) / normaliser;
            cdf[d] = running;
        }

        return new RobustSolitonCdf(cdf);
    }

    /// <summary>
    /// The degree for one draw of the generator: 1 + the first index whose CDF entry exceeds draw / (2^31 − 2),
    /// or K when none does (the CDF can end below 1: well below for K ≤ 9, by ulps for some larger K). Every μ term is non-negative
    /// (the only negative τ term lies past K), so the CDF never decreases and a binary search for the first entry
    /// above p finds the same index as the reference's linear scan.
    /// </summary>
    public int DegreeFor(uint draw)
    {
        double p = draw / ParkMillerRandom.MaxDraw;
        int low = 0, high = _cdf.Length;
        while (low < high)
        {
            int mid = (int)(((uint)low + (uint)high) >> 1);
            if (_cdf[mid] > p)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low == _cdf.Length ? _cdf.Length : low + 1;
    }
}
