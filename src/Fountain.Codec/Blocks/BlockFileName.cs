using System.Globalization;
using System.Text.RegularExpressions;
using Fountain.Codec.Hashing;

namespace Fountain.Codec.Blocks;

/// <summary>
/// The seed's block file name: FileHash__&lt;artwork id hex&gt;__Block__&lt;9-digit 1-based index&gt;__BlockHash_&lt;block id hex&gt;.block.
/// The same pattern names v1 and pastel-v0 blocks; what the block hash covers depends on the format (FORMAT.md).
/// </summary>
public static partial class BlockFileName
{
    public const string Extension = ".block";

    public static string Format(Hash256 artworkId, uint index, Hash256 blockHash) =>
        string.Create(CultureInfo.InvariantCulture, $"FileHash__{artworkId}__Block__{index:D9}__BlockHash_{blockHash}{Extension}");

    public static bool TryParse(string fileName, out Hash256 artworkId, out uint index, out Hash256 blockHash)
    {
        artworkId = default;
        blockHash = default;
        index = 0;
        var match = Pattern().Match(Path.GetFileName(fileName));
        return match.Success
            && Hash256.TryParse(match.Groups[1].Value, out artworkId)
            && uint.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out index)
            && Hash256.TryParse(match.Groups[3].Value, out blockHash);
    }

    [GeneratedRegex(@"^FileHash__([0-9a-f]{64})__Block__([0-9]{9})__BlockHash_([0-9a-f]{64})\.block$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
