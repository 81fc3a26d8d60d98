using Fountain.Codec.Hashing;

namespace Fountain.Node.Storage;

/// <summary>
/// Where a block lives under the data folder: <c>blocks/&lt;first two hex digits&gt;/&lt;block id hex&gt;.block</c>.
/// The 256 prefix folders keep any one folder small (about 4,000 files per million blocks), and the name is the
/// content's own hash, so a file can be checked against its name without the index.
/// </summary>
internal sealed class BlockPaths
{
    public const string BlockExtension = ".block";

    /// <summary>A block being written carries this suffix until it is renamed; leftovers are deleted on start.</summary>
    public const string TemporarySuffix = ".partial";

    public BlockPaths(string dataFolder)
    {
        BlocksFolder = Path.Combine(Path.GetFullPath(dataFolder), "blocks");
        IndexFile = Path.Combine(Path.GetFullPath(dataFolder), "index.sqlite");
    }

    public string BlocksFolder { get; }
    public string IndexFile { get; }

    public string FolderOf(Hash256 blockId) => Path.Combine(BlocksFolder, blockId.ToString()[..2]);

    public string FileOf(Hash256 blockId)
    {
        var hex = blockId.ToString();
        return Path.Combine(BlocksFolder, hex[..2], hex + BlockExtension);
    }

    /// <summary>A fresh temporary name beside the final one, so the rename stays within one folder (and one file system).</summary>
    public string TemporaryFileOf(Hash256 blockId) => FileOf(blockId) + "." + Guid.NewGuid().ToString("N") + TemporarySuffix;

    /// <summary>Parses a final block file name back into its id; false for anything else.</summary>
    public static bool TryParseFileName(string path, out Hash256 blockId)
    {
        blockId = default;
        var name = Path.GetFileName(path);
        return name.EndsWith(BlockExtension, StringComparison.Ordinal)
            && Hash256.TryParse(name[..^BlockExtension.Length], out blockId);
    }
}
