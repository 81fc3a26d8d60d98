namespace Fountain.Codec.Lt;

/// <summary>
/// Luby's robust soliton degree distribution ("LT Codes", FOCS 2002, section 4), quantised to 32-bit
/// thresholds so that sampling compares integers only. A draw u (32 bits) picks degree d = 1 + the first i
/// with u &lt; threshold[i]. The thresholds are floor(CDF · 2^32) computed in IEEE-754 binary64, summing in
/// increasing degree order (FORMAT.md, "Degree sampling").
/// </summary>
internal sealed class RobustSoliton
{
    private readonly ulong[] _thresholds;

    public RobustSoliton(int sourceSymbols, double c, double delta)
    {
        if (sourceSymbols < 1) throw new ArgumentOutOfRangeException(nameof(sourceSymbols), "K must be at least 1.");
        if (!(c > 0 && c <= 10)) throw new ArgumentOutOfRangeException(nameof(c), c, "c must be in (0, 10].");
        if (!(delta > 0 && delta < 1)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "delta must be in (0, 1).");
        SourceSymbols = sourceSymbols;
        _thresholds = BuildThresholds(sourceSymbols, c, delta);
    }

    public int SourceSymbols { get; }

    public int Sample(uint u)
    {
        // Binary search for the first threshold strictly above u.
        int lo = 0, hi = _thresholds.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (u < _thresholds[mid]) hi = mid; else lo = mid + 1;
        }
        return lo + 1;
    }

    /// <summary>The probability of drawing <paramref name="degree"/>, as quantised.</summary>
    public double Probability(int degree) =>
        degree < 1 || degree > _thresholds.Length ? 0 : (_thresholds[degree - 1] - (degree == 1 ? 0 : _thresholds[degree - 2])) / 4294967296.0;

    /// <summary>The expected degree, for cost estimates and tests.</summary>
    public double MeanDegree()
    {
        double mean = 0, previous = 0;
        for (int i = 0; i < _thresholds.Length; i++)
        {
            mean += (i + 1) * (_thresholds[i] - previous) / 4294967296.0;
            previous = _thresholds[i];
        }
        return mean;
    }

    private static ulong[] BuildThresholds(int k, double c, double delta)
    {
        var weights = new double[k + 1];
        // Ideal soliton rho: rho(1) = 1/K, rho(i) = 1/(i(i-1)).
        weights[1] = 1.0 / k;
        for (int i = 2; i <= k; i++) weights[i] = 1.0 / ((double)i * (i - 1));

        // The robust part tau, with S = c·ln(K/delta)·sqrt(K) and the spike at K/S (floored, kept in [1, K]).
        double s = c * Math.Log(k / delta) * Math.Sqrt(k);
        int pivot = (int)Math.Clamp(Math.Floor(k / s), 1, k);
        for (int i = 1; i < pivot; i++) weights[i] += s / ((double)k * i);
        weights[pivot] += Math.Max(0, s * Math.Log(s / delta) / k);

        double total = 0;
        for (int i = 1; i <= k; i++) total += weights[i];

        var thresholds = new ulong[k];
        double cumulative = 0;
        for (int i = 1; i <= k; i++)
        {
            cumulative += weights[i];
            thresholds[i - 1] = (ulong)Math.Min(4294967296.0, Math.Floor(cumulative / total * 4294967296.0));
        }
        // Rounding must never leave a draw without a degree.
        thresholds[k - 1] = 1UL << 32;
        return thresholds;
    }
}
