using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Fountain.Codec.Legacy;

/// <summary>
/// The demo's block file name, <c>FileHash__&lt;archive&gt;__Block__&lt;index&gt;__BlockHash_&lt;block&gt;.block</c>.
/// In the demo both hashes are SHA3-256 in lower-case hex (its helper is misleadingly named
/// <c>get_sha256_hash_of_input_data_func</c> but calls <c>hashlib.sha3_256</c>): FileHash covers the compressed
/// archive and BlockHash the whole packed block, header and payload. The index is 1-based, zero-padded to nine
/// digits (<c>'{0:09}'.format(n)</c>), and only orders the files: the seed in the header is what decodes.
/// </summary>
/// <param name="ArchiveSha3Hex">SHA3-256 of the archive, lower-case hex.</param>
/// <param name="Index">1-based block index.</param>
/// <param name="BlockSha3Hex">SHA3-256 of the whole block file, lower-case hex.</param>
public sealed record PastelV0FileName(string ArchiveSha3Hex, int Index, string BlockSha3Hex)
{
    private const string Prefix = "FileHash__";
    private const string IndexMarker = "__Block__";
    private const string BlockHashMarker = "__BlockHash_";
    private const string Extension = ".block";
    private const int HexDigits = PastelV0Format.HashBytes * 2;

    /// <summary>The file name this record describes.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture,
            $"{Prefix}{ArchiveSha3Hex}{IndexMarker}{Index:D9}{BlockHashMarker}{BlockSha3Hex}{Extension}");

    /// <summary>
    /// Parses a block file name (a bare name or a path; only the last segment is read). Hex may be in either case
    /// and is returned in lower case. Returns false for any other name, which is not an error: blocks may travel
    /// under other names, and then only their header vouches for them.
    /// </summary>
    public static bool TryParse(string? fileNameOrPath, [NotNullWhen(true)] out PastelV0FileName? fileName)
    {
        fileName = null;
        if (string.IsNullOrEmpty(fileNameOrPath))
        {
            return false;
        }

        ReadOnlySpan<char> name = Path.GetFileName(fileNameOrPath.AsSpan());
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        name = name[Prefix.Length..^Extension.Length];
        if (name.Length < HexDigits + IndexMarker.Length || !IsHex(name[..HexDigits]))
        {
            return false;
        }

        ReadOnlySpan<char> archiveHex = name[..HexDigits];
        name = name[HexDigits..];
        if (!name.StartsWith(IndexMarker, StringComparison.Ordinal))
        {
            return false;
        }

        name = name[IndexMarker.Length..];
        int marker = name.IndexOf(BlockHashMarker, StringComparison.Ordinal);
        if (marker < PastelV0Format.FileNameIndexDigits)
        {
            return false;
        }

        ReadOnlySpan<char> indexDigits = name[..marker];
        ReadOnlySpan<char> blockHex = name[(marker + BlockHashMarker.Length)..];
        if (blockHex.Length != HexDigits || !IsHex(blockHex) || indexDigits.ContainsAnyExceptInRange('0', '9')
            || !int.TryParse(indexDigits, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || index < 1)
        {
            return false;
        }

        fileName = new PastelV0FileName(archiveHex.ToString().ToLowerInvariant(), index, blockHex.ToString().ToLowerInvariant());
        return true;
    }

    private static bool IsHex(ReadOnlySpan<char> text) => !text.ContainsAnyExcept("0123456789abcdefABCDEF");
}
