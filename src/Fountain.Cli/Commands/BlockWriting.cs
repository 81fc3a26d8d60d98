using Fountain.Cli.Terminal;
using Fountain.Codec.Archive;
using Fountain.Codec.Artwork;

namespace Fountain.Cli.Commands;

/// <summary>Writes an archive's blocks into a folder in the chosen format, with a progress bar.</summary>
internal static class BlockWriting
{
    public static IReadOnlyList<EncodedBlock> Write(PackedArchive packed, string folder, EncodeOptions options, BlockFormatName format)
    {
        if (format != BlockFormatName.V1) throw new ArgumentException("This build writes only the v1 block format.");
        var parameters = options.Layout.LayoutFor(packed.Bytes.Length);
        int count = parameters.BlockCountFor(options.Redundancy);
        return Ui.WithProgress($"encoding {count} blocks", count, report =>
            ArtworkEncoder.Encode(packed.Bytes, packed.ArtworkId, options, ArtworkEncoder.ToDirectory(folder), new Progress<int>(done => report(done))));
    }
}
