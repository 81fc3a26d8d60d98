using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Fountain.Codec.Legacy;

/// <summary>
/// In-place XOR of two equal-length byte spans, 32 bytes at a time where the CPU allows. Kept private to the
/// legacy codec so that it depends on nothing else in the project; the v1 codec has its own.
/// </summary>
internal static class SpanXor
{
    public static void XorInto(Span<byte> target, ReadOnlySpan<byte> source)
    {
        if (target.Length != source.Length)
        {
            throw new ArgumentException("XOR needs spans of equal length.", nameof(source));
        }

        ref byte t = ref MemoryMarshal.GetReference(target);
        ref byte s = ref MemoryMarshal.GetReference(source);
        nuint length = (nuint)target.Length;
        nuint i = 0;

        if (Vector256.IsHardwareAccelerated && length >= (nuint)Vector256<byte>.Count)
        {
            nuint lastVector = length - (nuint)Vector256<byte>.Count;
            for (; i <= lastVector; i += (nuint)Vector256<byte>.Count)
            {
                var x = Vector256.LoadUnsafe(ref t, i) ^ Vector256.LoadUnsafe(ref s, i);
                x.StoreUnsafe(ref t, i);
            }
        }
        else if (Vector128.IsHardwareAccelerated && length >= (nuint)Vector128<byte>.Count)
        {
            nuint lastVector = length - (nuint)Vector128<byte>.Count;
            for (; i <= lastVector; i += (nuint)Vector128<byte>.Count)
            {
                var x = Vector128.LoadUnsafe(ref t, i) ^ Vector128.LoadUnsafe(ref s, i);
                x.StoreUnsafe(ref t, i);
            }
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref t, i) ^= Unsafe.Add(ref s, i);
        }
    }
}
