using System.Buffers.Binary;

namespace Fountain.Codec.Legacy;

/// <summary>
/// The 44-byte header of a pastel-v0 block, struct format <c>&lt;3I32s</c> (little-endian, no padding).
/// </summary>
/// <param name="ArchiveLength">Bytes of the encoded archive (the reference's data_length).</param>
/// <param name="PayloadBytes">Bytes of the payload that follows, which is also the symbol size T.</param>
/// <param name="Seed">The Park–Miller state this block's degree and neighbour draws start from.</param>
/// <param name="PayloadSha3">SHA3-256 of the payload. It does not cover the header: a tampered length or seed
/// is only caught by the file name's BlockHash, by a mismatch with other blocks, or by the archive hash.</param>
public sealed record PastelV0Header(uint ArchiveLength, uint PayloadBytes, uint Seed, ReadOnlyMemory<byte> PayloadSha3)
{
    /// <summary>Bytes of a whole block: header and payload.</summary>
    public long BlockBytes => PastelV0Format.HeaderBytes + (long)PayloadBytes;

    /// <summary>K = ⌈archive length ÷ payload size⌉, the number of source symbols (0 if a field is 0).</summary>
    public long SourceSymbols => PayloadBytes == 0 ? 0 : (ArchiveLength + (long)PayloadBytes - 1) / PayloadBytes;

    /// <summary>The payload hash as lower-case hex.</summary>
    public string PayloadSha3Hex => Convert.ToHexStringLower(PayloadSha3.Span);

    internal static PastelV0Header Read(ReadOnlySpan<byte> header) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(header[PastelV0Format.ArchiveLengthOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(header[PastelV0Format.PayloadBytesOffset..]),
        BinaryPrimitives.ReadUInt32LittleEndian(header[PastelV0Format.SeedOffset..]),
        header.Slice(PastelV0Format.PayloadHashOffset, PastelV0Format.HashBytes).ToArray());

    /// <summary>Writes the three integers; the payload hash is written separately, once the payload is final.</summary>
    internal static void WriteFields(Span<byte> header, uint archiveLength, uint payloadBytes, uint seed)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header[PastelV0Format.ArchiveLengthOffset..], archiveLength);
        BinaryPrimitives.WriteUInt32LittleEndian(header[PastelV0Format.PayloadBytesOffset..], payloadBytes);
        BinaryPrimitives.WriteUInt32LittleEndian(header[PastelV0Format.SeedOffset..], seed);
    }
}
