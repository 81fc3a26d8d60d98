using System.Buffers.Binary;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;

namespace Fountain.Codec.Blocks;

/// <summary>
/// The 96-byte header of a v1 block, little-endian, laid out in FORMAT.md. It repeats the whole code shape so
/// that any single block is enough to start a decode, and it is covered by the block id (SHA3-256 of header
/// and payload), so a tampered seed or size is caught like a tampered payload.
/// </summary>
public sealed record BlockHeader(
    Hash256 ArtworkId,
    LtParameters Parameters,
    uint BlockIndex,
    ulong BlockSeed)
{
    public const int Size = 96;
    public const ushort FormatVersion = 1;
    public const ushort LtCodecId = 1;
    public static ReadOnlySpan<byte> Magic => "FTNB"u8;

    /// <summary>c and δ travel as integer millionths: exact, and no NaN or infinity to parse.</summary>
    private const double ParameterScale = 1_000_000;

    public int PayloadBytes => Parameters.BlockPayloadBytes;
    public long BlockBytes => Size + (long)PayloadBytes;

    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size) throw new ArgumentException("The destination is shorter than a block header.", nameof(destination));
        var p = Parameters;
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], FormatVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], LtCodecId);
        ArtworkId.CopyTo(destination[8..]);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[40..], (ulong)p.ArchiveLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[48..], (uint)p.SourceSymbols);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[52..], (uint)p.SymbolBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[56..], (uint)p.SymbolsPerBlock);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[60..], ToMillionths(p.C));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[64..], ToMillionths(p.Delta));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[68..], BlockIndex);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[72..], BlockSeed);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[80..], (ulong)p.BlockPayloadBytes);
        destination[88..Size].Clear();
    }

    /// <summary>True when the bytes start like a v1 block; used to tell formats apart before parsing.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> bytes) => bytes.Length >= 4 && bytes[..4].SequenceEqual(Magic);

    /// <summary>Parses and validates a header against <paramref name="limits"/>. Never throws on bad input: the reason is returned.</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, BlockLimits limits, out BlockHeader? header, out string? error)
    {
        header = null;
        error = Check(bytes, limits, out var parsed);
        header = parsed;
        return error is null;
    }

    private static string? Check(ReadOnlySpan<byte> b, BlockLimits limits, out BlockHeader? header)
    {
        header = null;
        if (b.Length < Size) return $"too short for a v1 header ({b.Length} of {Size} bytes)";
        if (!HasMagic(b)) return "not a v1 block (bad magic)";
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(b[4..]);
        if (version != FormatVersion) return $"unsupported format version {version}";
        ushort codec = BinaryPrimitives.ReadUInt16LittleEndian(b[6..]);
        if (codec != LtCodecId) return $"unsupported codec id {codec}";
        ulong archiveLength = BinaryPrimitives.ReadUInt64LittleEndian(b[40..]);
        uint k = BinaryPrimitives.ReadUInt32LittleEndian(b[48..]);
        uint t = BinaryPrimitives.ReadUInt32LittleEndian(b[52..]);
        uint m = BinaryPrimitives.ReadUInt32LittleEndian(b[56..]);
        uint cMillionths = BinaryPrimitives.ReadUInt32LittleEndian(b[60..]);
        uint deltaMillionths = BinaryPrimitives.ReadUInt32LittleEndian(b[64..]);
        uint index = BinaryPrimitives.ReadUInt32LittleEndian(b[68..]);
        ulong seed = BinaryPrimitives.ReadUInt64LittleEndian(b[72..]);
        ulong payloadLength = BinaryPrimitives.ReadUInt64LittleEndian(b[80..]);

        if (archiveLength > (ulong)limits.MaxArchiveBytes) return $"archive length {archiveLength} exceeds the limit of {limits.MaxArchiveBytes} bytes";
        if (t == 0 || t > limits.MaxBlockBytes) return $"symbol size {t} is out of range";
        if (m == 0 || (ulong)m * t > (ulong)limits.MaxBlockBytes) return $"{m} symbols of {t} bytes exceed the block limit of {limits.MaxBlockBytes} bytes";
        if (k == 0 || k > limits.MaxSourceSymbols) return $"source symbol count {k} is out of range (1 to {limits.MaxSourceSymbols})";
        // K = ⌈L/T⌉ in 64 bits: L < 2^64 and T ≥ 1, so neither the division nor the +1 can overflow. Comparing in
        // 32 bits let L = 2^39 + 227 with T = 128 pass for K = 2 (2^32 + 2 wrapped).
        ulong coveringK = archiveLength == 0 ? 1 : (archiveLength - 1) / t + 1;
        if (coveringK != k) return $"K = {k} does not cover an archive of {archiveLength} bytes in {t}-byte symbols (that needs {coveringK})";
        // The decoder holds the padded archive, K·T bytes, in one array; the encoder never makes a larger one.
        if ((ulong)k * t > (ulong)Array.MaxLength) return $"the padded archive, K·T = {(ulong)k * t} bytes, is larger than this implementation decodes ({Array.MaxLength} bytes)";
        if (payloadLength != (ulong)m * t) return $"payload length {payloadLength} is not M·T = {(ulong)m * t}";
        if (cMillionths == 0 || cMillionths > 10 * ParameterScale) return $"robust soliton c = {cMillionths / ParameterScale} is out of range";
        if (deltaMillionths == 0 || deltaMillionths >= ParameterScale) return $"robust soliton delta = {deltaMillionths / ParameterScale} is out of range";
        if (index == 0) return "block index 0 is reserved (indices start at 1)";
        for (int i = 88; i < Size; i++) if (b[i] != 0) return "reserved header bytes are not zero";

        var parameters = new LtParameters((long)archiveLength, (int)k, (int)t, (int)m, cMillionths / ParameterScale, deltaMillionths / ParameterScale);
        header = new BlockHeader(new Hash256(b[8..40]), parameters, index, seed);
        return null;
    }

    private static uint ToMillionths(double value)
    {
        double scaled = Math.Round(value * ParameterScale);
        if (!(scaled >= 1 && scaled <= uint.MaxValue)) throw new ArgumentOutOfRangeException(nameof(value), value, "A codec parameter must be a positive number with at most six decimals.");
        return (uint)scaled;
    }
}

/// <summary>What a parser accepts before it allocates anything; a hostile header cannot make it reserve more.</summary>
public sealed record BlockLimits
{
    public int MaxBlockBytes { get; init; } = 64 * 1024 * 1024;
    public long MaxArchiveBytes { get; init; } = 1L << 40;
    public int MaxSourceSymbols { get; init; } = 1 << 24;

    public static BlockLimits Default { get; } = new();
}
