using System.Numerics;
using System.Runtime.CompilerServices;

namespace Fountain.Lab.Engine;

/// <summary>
/// A run's generator borrowed as a value for a hot loop (see <see cref="LabRandom.Borrow"/>): the same
/// xoshiro256** sequence, with its state in locals. Pass it by reference; a copy would fork the sequence.
/// </summary>
public struct RandomStream
{
    internal ulong S0, S1, S2, S3;

    internal RandomStream(ulong s0, ulong s1, ulong s2, ulong s3) => (S0, S1, S2, S3) = (s0, s1, s2, s3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(S1 * 5, 7) * 9;
        ulong t = S1 << 17;
        S2 ^= S0;
        S3 ^= S1;
        S1 ^= S2;
        S0 ^= S3;
        S2 ^= t;
        S3 = BitOperations.RotateLeft(S3, 45);
        return result;
    }

    /// <summary>As <see cref="LabRandom.NextDouble"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>As <see cref="LabRandom.NextNormal"/>. Inlined so that no call takes the stream's address, which would keep its state out of registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextNormal()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
