using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Numerics;
using System.Text;

namespace Fountain.Lab.Engine;

/// <summary>
/// The lab's pseudo-random generator: xoshiro256** (Blackman and Vigna, 2018, https://prng.di.unimi.it/),
/// seeded with the first 32 bytes of SHA-256("fountain-lab-rng-v1" ‖ seed ‖ simulation ‖ subset ‖ run),
/// each number as 8 little-endian bytes. The algorithm is specified here, not borrowed from
/// <see cref="Random"/>, so that a result can be reproduced by any implementation on any platform, and one
/// generator per (simulation, subset, run) makes results independent of thread scheduling.
/// </summary>
public sealed class LabRandom
{
    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("fountain-lab-rng-v1");
    // The state lives in a RandomStream so that the step function exists once; stepping a struct field mutates it in place.
    private RandomStream _state;

    private LabRandom(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        // xoshiro's state must not be all zero; SHA-256 makes that astronomically unlikely, but keep it impossible.
        if ((s0 | s1 | s2 | s3) == 0) s0 = 0x9E3779B97F4A7C15UL;
        _state = new RandomStream(s0, s1, s2, s3);
    }

    /// <summary>The generator of one Monte Carlo run: a pure function of its four coordinates.</summary>
    public static LabRandom For(long seed, int simulation, int subset, int run)
    {
        Span<byte> input = stackalloc byte[19 + 32];
        Domain.CopyTo(input);
        BinaryPrimitives.WriteInt64LittleEndian(input[19..], seed);
        BinaryPrimitives.WriteInt64LittleEndian(input[27..], simulation);
        BinaryPrimitives.WriteInt64LittleEndian(input[35..], subset);
        BinaryPrimitives.WriteInt64LittleEndian(input[43..], run);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return new LabRandom(
            BinaryPrimitives.ReadUInt64LittleEndian(hash),
            BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(hash[16..]),
            BinaryPrimitives.ReadUInt64LittleEndian(hash[24..]));
    }

    /// <summary>
    /// Moves the generator's state into a <see cref="RandomStream"/> for a hot loop, where the JIT keeps it in
    /// registers instead of loading and storing four fields per draw. The stream draws exactly what this generator
    /// would; <see cref="Return"/> must hand it back before the generator is used again, or draws would repeat.
    /// </summary>
    public RandomStream Borrow() => _state;

    /// <summary>Takes back the state of a stream from <see cref="Borrow"/>.</summary>
    public void Return(in RandomStream stream) => _state = stream;

    /// <summary>The next 64 random bits (xoshiro256**).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64() => _state.NextUInt64();

    /// <summary>A double uniform in [0, 1): the top 53 bits of the next output, times 2^-53.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>True with probability <paramref name="p"/> (one draw, whatever p is).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Bernoulli(double p) => NextDouble() < p;

    /// <summary>An integer uniform in [0, n), without modulo bias (Lemire 2019, "Fast random integer generation in an interval").</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n), n, "The range of a random integer must be positive.");
        ulong range = (ulong)n;
        UInt128 m = (UInt128)NextUInt64() * range;
        ulong low = (ulong)m;
        if (low < range)
        {
            ulong threshold = (0UL - range) % range;
            while (low < threshold)
            {
                m = (UInt128)NextUInt64() * range;
                low = (ulong)m;
            }
        }
        return (int)(m >> 64);
    }

    /// <summary>A standard normal deviate (Box–Muller, two uniform draws per call; the second deviate is discarded so that the stream position is easy to reason about).</summary>
    public double NextNormal()
    {
        double u1 = 1.0 - NextDouble(); // in (0, 1], so the logarithm is finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A Poisson deviate with mean <paramref name="mean"/>: Knuth's product method below 30, a rounded normal approximation above (adequate for the lab's event counts).</summary>
    public int NextPoisson(double mean)
    {
        if (mean < 0 || double.IsNaN(mean)) throw new ArgumentOutOfRangeException(nameof(mean), mean, "A Poisson mean must be zero or positive.");
        if (mean == 0) return 0;
        if (mean >= 30) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * NextNormal()));
        double limit = Math.Exp(-mean), product = NextDouble();
        int count = 0;
        while (product > limit) { count++; product *= NextDouble(); }
        return count;
    }
}
