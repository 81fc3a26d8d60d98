using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Fountain.Codec.Lt;

/// <summary>destination ^= source, 32 bytes at a time where the CPU has AVX2, else with the widest vector it has.</summary>
internal static class Xor
{
    public static void Into(Span<byte> destination, ReadOnlySpan<byte> source)
    {
        if (source.Length != destination.Length)
            throw new ArgumentException("XOR operands must have the same length.", nameof(source));

        ref byte dst = ref MemoryMarshal.GetReference(destination);
        ref byte src = ref MemoryMarshal.GetReference(source);
        nuint length = (nuint)destination.Length, i = 0;

        if (Vector256.IsHardwareAccelerated)
        {
            // Four vectors per iteration keeps two loads and a store in flight per lane on a 2-wide core.
            for (; i + 128 <= length; i += 128)
            {
                Xor256(ref dst, ref src, i);
                Xor256(ref dst, ref src, i + 32);
                Xor256(ref dst, ref src, i + 64);
                Xor256(ref dst, ref src, i + 96);
            }
            for (; i + 32 <= length; i += 32) Xor256(ref dst, ref src, i);
        }
        else if (Vector.IsHardwareAccelerated)
        {
            nuint width = (nuint)Vector<byte>.Count;
            for (; i + width <= length; i += width)
            {
                var d = Vector.LoadUnsafe(ref dst, i);
                (d ^ Vector.LoadUnsafe(ref src, i)).StoreUnsafe(ref dst, i);
            }
        }
        for (; i + 8 <= length; i += 8)
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref dst, i),
                Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref dst, i)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, i)));
        for (; i < length; i++) Unsafe.Add(ref dst, i) ^= Unsafe.Add(ref src, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Xor256(ref byte dst, ref byte src, nuint offset)
    {
        var d = Vector256.LoadUnsafe(ref dst, offset);
        (d ^ Vector256.LoadUnsafe(ref src, offset)).StoreUnsafe(ref dst, offset);
    }
}
