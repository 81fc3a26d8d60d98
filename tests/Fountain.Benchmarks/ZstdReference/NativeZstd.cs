using System.Runtime.InteropServices;

namespace Fountain.Benchmarks.ZstdReference;

/// <summary>
/// THE REFERENCE, not Fountain's path: the P/Invoke into the system's libzstd (Debian's libzstd1) that
/// Fountain.Codec used before ZstdSharp (commit 42d7376), kept only here so that benchmarks can compare the managed
/// port with native zstd on the same data in the same run. Needs libzstd.so.1.
/// </summary>
internal static partial class NativeZstd
{
    private const string Library = "libzstd.so.1";

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct InBuffer { public byte* Source; public nuint Size; public nuint Position; }

    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct OutBuffer { public byte* Destination; public nuint Size; public nuint Position; }

    internal enum EndDirective { Continue = 0, Flush = 1, End = 2 }

    // Parameter numbers from zstd.h (stable API since v1.4.0).
    internal const int CompressionLevelParameter = 100;
    internal const int ChecksumFlagParameter = 201;
    internal const int WindowLogMaxParameter = 100;

    [LibraryImport(Library, EntryPoint = "ZSTD_createCCtx")] internal static partial nint CreateCompressionContext();
    [LibraryImport(Library, EntryPoint = "ZSTD_freeCCtx")] internal static partial nuint FreeCompressionContext(nint context);
    [LibraryImport(Library, EntryPoint = "ZSTD_CCtx_setParameter")] internal static partial nuint SetCompressionParameter(nint context, int parameter, int value);
    [LibraryImport(Library, EntryPoint = "ZSTD_compressStream2")] internal static unsafe partial nuint CompressStream(nint context, OutBuffer* output, InBuffer* input, EndDirective directive);
    [LibraryImport(Library, EntryPoint = "ZSTD_createDCtx")] internal static partial nint CreateDecompressionContext();
    [LibraryImport(Library, EntryPoint = "ZSTD_freeDCtx")] internal static partial nuint FreeDecompressionContext(nint context);
    [LibraryImport(Library, EntryPoint = "ZSTD_DCtx_setParameter")] internal static partial nuint SetDecompressionParameter(nint context, int parameter, int value);
    [LibraryImport(Library, EntryPoint = "ZSTD_decompressStream")] internal static unsafe partial nuint DecompressStream(nint context, OutBuffer* output, InBuffer* input);
    [LibraryImport(Library, EntryPoint = "ZSTD_isError")] internal static partial uint IsError(nuint code);
    [LibraryImport(Library, EntryPoint = "ZSTD_getErrorName")] internal static partial nint GetErrorName(nuint code);
    [LibraryImport(Library, EntryPoint = "ZSTD_maxCLevel")] internal static partial int MaxCompressionLevel();
    [LibraryImport(Library, EntryPoint = "ZSTD_minCLevel")] internal static partial int MinCompressionLevel();

    /// <summary>Throws <see cref="InvalidDataException"/> with zstd's own words if <paramref name="code"/> is an error.</summary>
    internal static nuint Check(nuint code, string operation)
    {
        if (IsError(code) != 0)
            throw new InvalidDataException($"zstd {operation} failed: {Marshal.PtrToStringAnsi(GetErrorName(code))}");
        return code;
    }

    /// <summary>Loads the library now, with an error an operator can act on.</summary>
    internal static void EnsureAvailable()
    {
        try { _ = MaxCompressionLevel(); }
        catch (DllNotFoundException e)
        {
            throw new PlatformNotSupportedException("The zstd library (libzstd.so.1) is not installed; on Debian: apt-get install libzstd1.", e);
        }
    }
}
