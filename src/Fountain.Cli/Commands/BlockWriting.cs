using Fountain.Node.Owner;
using Fountain.Cli.Terminal;
using Fountain.Codec.Archive;
using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Legacy;

namespace Fountain.Cli.Commands;

/// <summary>Writes an archive's blocks into a folder in the chosen format, with a progress bar.</summary>
internal static class BlockWriting
{
    public static IReadOnlyList<EncodedBlock> Write(PackedArchive packed, string folder, EncodeOptions options, BlockFormatName format)
    {
        if (format == BlockFormatName.PastelV0) return WritePastelV0(packed, folder, options);
        var parameters = options.Layout.LayoutFor(packed.Bytes.Length);
        int count = parameters.BlockCountFor(options.Redundancy);
        return Ui.WithProgress($"encoding {count} blocks", count, report =>
            ArtworkEncoder.Encode(packed.Bytes, packed.ArtworkId, options, ArtworkEncoder.ToDirectory(folder), new InlineProgress<int>(done => report(done))));
    }

    /// <summary>
    /// The seed demo's format: one symbol per block, so --block-size is the whole block file (header included),
    /// as in the reference program, and blocks are written one after another on one thread.
    /// </summary>
    private static IReadOnlyList<EncodedBlock> WritePastelV0(PackedArchive packed, string folder, EncodeOptions options)
    {
        Directory.CreateDirectory(folder);
        int blockBytes = options.Layout.MaxBlockBytes;
        int count = PastelV0Encoder.BlockCount(packed.Bytes.Length, blockBytes, options.Redundancy);
        var written = new List<EncodedBlock>(count);
        return Ui.WithProgress($"encoding {count} pastel-v0 blocks", count, report =>
        {
            PastelV0Encoder.Encode(packed.Bytes, blockBytes, options.Redundancy, PastelV0Encoder.DrawFirstSeed(Random.Shared), (name, block) =>
            {
                var path = BlockDirectoryWriter.Write(folder, name, block);
                BlockFileName.TryParse(name, out _, out var index, out var id);
                written.Add(new EncodedBlock(index, id, block.Length, path));
                report(written.Count);
            });
            return (IReadOnlyList<EncodedBlock>)written;
        });
    }
}
