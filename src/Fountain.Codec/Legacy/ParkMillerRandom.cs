namespace Fountain.Codec.Legacy;

/// <summary>
/// The Lehmer / Park–Miller "minimal standard" generator the reference uses: state ← 16807 · state mod (2^31 − 1).
/// It is the whole source of randomness of pastel-v0: a block's seed is the state its draws start from, and the
/// encoder's next block starts from the state the previous block left behind.
/// </summary>
internal struct ParkMillerRandom
{
    /// <summary>The multiplier 7^5 (the reference's PRNG_A).</summary>
    public const long Multiplier = 16807;

    /// <summary>The Mersenne prime 2^31 − 1 (the reference's PRNG_M).</summary>
    public const long Modulus = (1L << 31) - 1;

    /// <summary>
    /// The divisor that turns a draw into a probability: the reference divides by PRNG_MAX_RAND = 2^31 − 2, so a
    /// draw of 2^31 − 2 maps to exactly 1.0.
    /// </summary>
    public const double MaxDraw = Modulus - 1;

    private long _state;

    public ParkMillerRandom(uint seed) => _state = seed;

    /// <summary>The current state: the seed before the first draw, the last draw afterwards.</summary>
    public readonly uint State => (uint)_state;

    /// <summary>Advances the state and returns it. The product fits a long: 16807 · (2^32 − 1) &lt; 2^47.</summary>
    public uint Next()
    {
        _state = Multiplier * _state % Modulus;
        return (uint)_state;
    }
}
