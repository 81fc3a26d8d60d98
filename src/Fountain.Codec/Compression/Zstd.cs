using ZstdSharp.Unsafe;

namespace Fountain.Codec.Compression;

/// <summary>
/// What the two zstd streams share. They call ZstdSharp's port of zstd's C streaming API (ZSTD_compressStream2,
/// ZSTD_decompressStream) directly rather than its Stream classes: the same calls the native library took, so the
/// limits, the end-of-frame check and the error texts stay ours, and no system library is needed.
/// </summary>
internal static class Zstd
{
    /// <summary>Levels from 1: zstd's negative "fast" levels trade too much size for speed to be worth an artwork id.</summary>
    public static int MinLevel => Math.Max(1, Methods.ZSTD_minCLevel());

    public static int MaxLevel => Methods.ZSTD_maxCLevel();

    /// <summary>Throws <see cref="InvalidDataException"/> with zstd's own words if <paramref name="code"/> is an error.</summary>
    public static nuint Check(nuint code, string operation)
    {
        if (Methods.ZSTD_isError(code))
            throw new InvalidDataException($"zstd {operation} failed: {Methods.ZSTD_getErrorName(code)}");
        return code;
    }
}
