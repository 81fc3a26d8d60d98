using Fountain.Node.Storage;

namespace Fountain.Node.Healing;

/// <summary>
/// The artworks this node holds blocks of, found by walking its block folder and looking each block up in the index.
/// The chain port lists no tickets, so this is how a node learns which artworks it may have to heal: an artwork's
/// custodian primary is almost always one of its many holders, and if not, another epoch picks another primary.
/// The walk costs one index lookup per held block; it stops after <paramref name="maxArtworks"/> artworks.
/// </summary>
internal static class HeldArtworks
{
    public static IReadOnlySet<string> Find(string dataFolder, BlockStore store, int maxArtworks, CancellationToken cancellation)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var folder = new BlockPaths(dataFolder).BlocksFolder;
        if (!Directory.Exists(folder)) return found;
        foreach (var path in Directory.EnumerateFiles(folder, "*" + BlockPaths.BlockExtension, SearchOption.AllDirectories))
        {
            cancellation.ThrowIfCancellationRequested();
            if (found.Count >= maxArtworks) break;
            if (BlockPaths.TryParseFileName(path, out var blockId) && store.Find(blockId) is { } block) found.Add(block.ArtworkId.ToString());
        }
        return found;
    }
}
