namespace Fountain.Codec.Lt;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014): the portable PRNG of block format v1. It uses only 64-bit
/// wrapping integer arithmetic, so every platform and language produces the same sequence. FORMAT.md
/// specifies it; the test vectors pin it.
/// </summary>
internal struct SplitMix64
{
    private const ulong Gamma = 0x9E3779B97F4A7C15UL;
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    public ulong Next()
    {
        _state = unchecked(_state + Gamma);
        return Mix(_state);
    }

    /// <summary>An integer drawn uniformly from [0, bound) by Lemire's multiply-shift (no modulo bias worth counting at 64 bits).</summary>
    public uint NextBelow(uint bound) => (uint)((Next() >> 32) * bound >> 32);

    /// <summary>The j-th output of the sequence seeded with <paramref name="seed"/> (j from 0), in O(1).</summary>
    public static ulong Nth(ulong seed, ulong j) => Mix(unchecked(seed + (j + 1) * Gamma));

    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
