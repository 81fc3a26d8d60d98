using Fountain.Node.Owner;
using Fountain.Cli.Terminal;
using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;

namespace Fountain.Cli.Commands;

/// <summary>Decodes a folder of blocks with a progress bar.</summary>
internal static class BlockReading
{
    public static FolderDecodeResult DecodeFolder(string folder, Hash256? artwork, BlockLimits? limits = null)
    {
        int files = Directory.Exists(folder) ? Directory.EnumerateFiles(folder).Count() : 0;
        return Ui.WithProgress("decoding blocks (files read)", files, report =>
            BlockFolderDecoder.Decode(folder, artwork, limits, progress: new InlineProgress<(int Read, int Total)>(p => report(p.Read))));
    }
}
