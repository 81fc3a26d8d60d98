using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;

namespace Fountain.Testing;

/// <summary>A real v1 block made by the encoder: its header, its bytes and its id.</summary>
internal sealed record TestBlock(BlockHeader Header, Hash256 Id, byte[] Bytes);

/// <summary>Real blocks of a random archive, small (4 KiB payloads) so that tests can make thousands. Shared by the test projects that need real blocks.</summary>
internal static class TestBlocks
{
    public static readonly LtLayoutPolicy SmallLayout = new() { MaxBlockBytes = 4096, MinBlockBytes = 1024, TargetSourceSymbols = 64, MinBlocksPerArchive = 4 };

    public static byte[] Archive(int bytes, int seed)
    {
        var archive = new byte[bytes];
        new Random(seed).NextBytes(archive);
        return archive;
    }

    public static IReadOnlyList<TestBlock> Make(int count, int seed = 1, int archiveBytes = 32 * 1024, uint firstIndex = 1) =>
        Make(Archive(archiveBytes, seed), count, firstIndex);

    /// <summary>Blocks <paramref name="firstIndex"/> onwards of the given archive.</summary>
    public static IReadOnlyList<TestBlock> Make(byte[] archive, int count, uint firstIndex = 1)
    {
        var artworkId = Sha3.Hash(archive);
        var parameters = SmallLayout.LayoutFor(archive.Length);
        var blocks = new TestBlock[count];
        ArtworkEncoder.EncodeRange(archive, artworkId, parameters, firstIndex, count, new EncodeOptions { MaxDegreeOfParallelism = 2 }, (header, id, block) =>
        {
            blocks[header.BlockIndex - firstIndex] = new TestBlock(header, id, block.ToArray());
            return null;
        });
        return blocks;
    }
}
