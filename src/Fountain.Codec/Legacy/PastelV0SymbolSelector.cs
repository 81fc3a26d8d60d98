namespace Fountain.Codec.Legacy;

/// <summary>
/// Which source symbols a pastel-v0 block combines: the reference's <c>_PRNG.get_src_blocks</c>. From the block's
/// seed, the first draw picks the degree d through the robust soliton CDF, then further draws taken mod K pick
/// d distinct source indices, a repeat being skipped and redrawn. The state left after the last draw is the seed
/// of the encoder's next block.
/// </summary>
/// <remarks>
/// Termination for any seed in [1, 2^31 − 2]: the generator then cycles through every value of [1, 2^31 − 2], which
/// covers every residue mod K for K ≤ 2^31 − 2, and d ≤ K, so d distinct residues always arrive. Membership is
/// tracked with a generation-stamped array, so a selection allocates nothing.
/// </remarks>
internal sealed class PastelV0SymbolSelector
{
    private readonly RobustSolitonCdf _cdf;
    private readonly int[] _chosen;
    private readonly int[] _stamp;
    private int _generation;

    public PastelV0SymbolSelector(int sourceSymbols)
    {
        _cdf = RobustSolitonCdf.Build(sourceSymbols);
        _chosen = new int[sourceSymbols];
        _stamp = new int[sourceSymbols];
    }

    /// <summary>K, the number of source symbols.</summary>
    public int SourceSymbols => _chosen.Length;

    /// <summary>
    /// Selects the source symbols of the block with this seed, in the order they are drawn. The returned span is
    /// valid until the next call. <paramref name="nextSeed"/> is the generator state after the last draw.
    /// </summary>
    public ReadOnlySpan<int> Select(uint seed, out uint nextSeed)
    {
        var random = new ParkMillerRandom(seed);
        int degree = _cdf.DegreeFor(random.Next());
        int k = _chosen.Length;

        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamp);
            _generation = 1;
        }

        int have = 0;
        while (have < degree)
        {
            int index = (int)(random.Next() % (uint)k);
            if (_stamp[index] != _generation)
            {
                _stamp[index] = _generation;
                _chosen[have++] = index;
            }
        }

        nextSeed = random.State;
        return new ReadOnlySpan<int>(_chosen, 0, degree);
    }
}
