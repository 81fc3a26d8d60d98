using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;

namespace Fountain.Codec.Artwork;

/// <summary>
/// Writes block files into a folder so that a reader never sees half a block: each block goes to a temporary
/// name, is flushed to disk, then renamed to its final name.
/// </summary>
public static class BlockDirectoryWriter
{
    private const string TemporarySuffix = ".partial";

    public static string Write(string directory, Hash256 artworkId, uint index, Hash256 blockHash, ReadOnlySpan<byte> block) =>
        Write(directory, BlockFileName.Format(artworkId, index, blockHash), block);

    public static string Write(string directory, string fileName, ReadOnlySpan<byte> block)
    {
        if (fileName != Path.GetFileName(fileName)) throw new ArgumentException($"'{fileName}' is not a plain file name.", nameof(fileName));
        var finalPath = Path.Combine(directory, fileName);
        var temporaryPath = finalPath + TemporarySuffix;
        using (var file = new FileStream(temporaryPath, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            file.Write(block);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporaryPath, finalPath, overwrite: true);
        return finalPath;
    }
}
