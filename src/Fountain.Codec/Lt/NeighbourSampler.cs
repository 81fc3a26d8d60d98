namespace Fountain.Codec.Lt;

/// <summary>
/// Turns an encoded symbol's seed into its degree and its distinct source-symbol neighbours, exactly as
/// FORMAT.md specifies: a SplitMix64 stream seeded with the symbol seed; the first draw picks the degree, the
/// next d draws run a partial Fisher–Yates shuffle over [0, K). The shuffle gives d distinct indices with no
/// rejection loop; the scratch permutation is restored afterwards so one sampler serves many symbols without
/// allocating. Not thread-safe: one per thread.
/// </summary>
internal sealed class NeighbourSampler
{
    private readonly RobustSoliton _degrees;
    private readonly int[] _permutation;
    private readonly int[] _swapPartners;

    public NeighbourSampler(RobustSoliton degrees)
    {
        _degrees = degrees;
        _permutation = new int[degrees.SourceSymbols];
        _swapPartners = new int[degrees.SourceSymbols];
        for (int i = 0; i < _permutation.Length; i++) _permutation[i] = i;
    }

    public int SourceSymbols => _permutation.Length;

    /// <summary>Writes the neighbours into <paramref name="neighbours"/> (K long is always enough) and returns the degree.</summary>
    public int Sample(ulong symbolSeed, Span<int> neighbours)
    {
        var random = new SplitMix64(symbolSeed);
        int degree = _degrees.Sample((uint)(random.Next() >> 32));
        int k = _permutation.Length;
        var perm = _permutation;
        var partners = _swapPartners;
        for (int j = 0; j < degree; j++)
        {
            int r = j + (int)random.NextBelow((uint)(k - j));
            partners[j] = r;
            (perm[j], perm[r]) = (perm[r], perm[j]);
            neighbours[j] = perm[j];
        }
        // Undo the swaps in reverse order, so the permutation is the identity again for the next symbol.
        for (int j = degree - 1; j >= 0; j--)
        {
            int r = partners[j];
            (perm[j], perm[r]) = (perm[r], perm[j]);
        }
        return degree;
    }
}
