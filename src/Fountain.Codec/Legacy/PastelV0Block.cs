using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Fountain.Codec.Legacy;

/// <summary>
/// Reading and checking single pastel-v0 blocks: a cheap header parse for format detection, and a full check of
/// a block file (header sanity, limits, exact length, payload hash, and the file name's BlockHash when the block
/// arrives under a demo-style name). Nothing here throws on bad input; every refusal comes with a reason.
/// </summary>
public static class PastelV0Block
{
    /// <summary>Bytes of the pastel-v0 header (<c>&lt;3I32s</c>).</summary>
    public const int HeaderBytes = PastelV0Format.HeaderBytes;

    /// <summary>
    /// Parses the 44-byte header at the start of <paramref name="blockPrefix"/> (which may be the whole block or
    /// only its first bytes) and checks that its fields are plausible: a non-empty archive, a non-empty payload,
    /// and a seed in [1, 2^31 − 2], the only seeds a reference encoder writes. The format has no magic number, so
    /// this is a plausibility test, not proof: a caller detecting formats should test the v1 magic first and
    /// compare <see cref="PastelV0Header.BlockBytes"/> with the file's length.
    /// </summary>
    public static bool TryParseHeader(
        ReadOnlySpan<byte> blockPrefix,
        [NotNullWhen(true)] out PastelV0Header? header,
        [NotNullWhen(false)] out string? rejectionReason)
    {
        header = null;
        if (blockPrefix.Length < HeaderBytes)
        {
            rejectionReason = Invariant($"too short for a pastel-v0 header: {blockPrefix.Length} bytes, the header alone is {HeaderBytes}");
            return false;
        }

        var parsed = PastelV0Header.Read(blockPrefix);
        if (parsed.ArchiveLength == 0)
        {
            rejectionReason = "header claims an empty archive (archive length 0), which pastel-v0 cannot encode";
            return false;
        }

        if (parsed.PayloadBytes == 0)
        {
            rejectionReason = "header claims a payload of 0 bytes";
            return false;
        }

        if (parsed.Seed == 0 || parsed.Seed > PastelV0Format.MaxSeed)
        {
            rejectionReason = Invariant($"header seed {parsed.Seed} is outside [1, {PastelV0Format.MaxSeed}], the seeds a pastel-v0 encoder writes");
            return false;
        }

        header = parsed;
        rejectionReason = null;
        return true;
    }

    /// <summary>
    /// Checks a whole block file: the header (as <see cref="TryParseHeader"/>), the <paramref name="limits"/>, that
    /// the length is exactly header + payload, that the payload hashes to the header's SHA3-256, and, when
    /// <paramref name="fileName"/> follows the demo's naming, that the SHA3-256 of the whole block equals the
    /// name's BlockHash (which, unlike the header's hash, covers the header too). A name of another shape is
    /// ignored and <paramref name="name"/> is null.
    /// </summary>
    public static bool TryVerify(
        ReadOnlySpan<byte> block,
        string? fileName,
        PastelV0Limits? limits,
        [NotNullWhen(true)] out PastelV0Header? header,
        out PastelV0FileName? name,
        [NotNullWhen(false)] out string? rejectionReason)
    {
        limits ??= PastelV0Limits.Default;
        name = null;
        header = null;
        if (!TryParseHeader(block, out var parsed, out rejectionReason))
        {
            return false;
        }

        if (parsed.ArchiveLength > limits.MaxArchiveBytes)
        {
            rejectionReason = Invariant($"header claims an archive of {parsed.ArchiveLength} bytes, above the limit of {limits.MaxArchiveBytes}");
            return false;
        }

        if (parsed.PayloadBytes > limits.MaxPayloadBytes)
        {
            rejectionReason = Invariant($"header claims a payload of {parsed.PayloadBytes} bytes, above the limit of {limits.MaxPayloadBytes}");
            return false;
        }

        if (parsed.SourceSymbols > limits.MaxSourceSymbols)
        {
            rejectionReason = Invariant($"header implies {parsed.SourceSymbols} source symbols, above the limit of {limits.MaxSourceSymbols}");
            return false;
        }

        if (block.Length != parsed.BlockBytes)
        {
            rejectionReason = block.Length < parsed.BlockBytes
                ? Invariant($"truncated: {block.Length} bytes, the header announces {parsed.BlockBytes}")
                : Invariant($"{block.Length - parsed.BlockBytes} unexpected trailing bytes after the {parsed.PayloadBytes}-byte payload");
            return false;
        }

        Span<byte> digest = stackalloc byte[PastelV0Format.HashBytes];
        Sha3.Hash(block[HeaderBytes..], digest);
        if (!digest.SequenceEqual(parsed.PayloadSha3.Span))
        {
            rejectionReason = "payload does not match the SHA3-256 in its header (corrupted payload or hash)";
            return false;
        }

        if (PastelV0FileName.TryParse(fileName, out name))
        {
            Sha3.Hash(block, digest);
            if (!Convert.ToHexStringLower(digest).Equals(name.BlockSha3Hex, StringComparison.Ordinal))
            {
                rejectionReason = "block does not match the BlockHash in its file name (header or payload altered, or misnamed)";
                name = null;
                return false;
            }
        }

        header = parsed;
        return true;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
