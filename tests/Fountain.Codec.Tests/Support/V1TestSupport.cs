using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;

namespace Fountain.Codec.Tests.Support;

/// <summary>Encodes archives into in-memory v1 blocks for tests.</summary>
internal static class V1TestSupport
{
    internal sealed record Block(byte[] Bytes, Hash256 Id, uint Index);

    /// <summary>A layout that makes many small blocks, so that small archives exercise loss patterns quickly.</summary>
    public static readonly LtLayoutPolicy SmallBlocks = new() { MaxBlockBytes = 16 * 1024, MinBlockBytes = 256, TargetSourceSymbols = 1024 };

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static List<Block> Encode(byte[] archive, double redundancy = 12, LtLayoutPolicy? layout = null)
    {
        var blocks = new List<Block>();
        var options = new EncodeOptions { Redundancy = redundancy, Layout = layout ?? SmallBlocks, MaxDegreeOfParallelism = 2 };
        ArtworkEncoder.Encode(archive, Sha3.Hash(archive), options, (header, id, block) =>
        {
            lock (blocks) blocks.Add(new Block(block.ToArray(), id, header.BlockIndex));
            return null;
        });
        return blocks.OrderBy(b => b.Index).ToList();
    }

    /// <summary>Offers blocks in the given order until the decoder completes.</summary>
    public static ArtworkDecoder Decode(Hash256 artworkId, IEnumerable<Block> blocks)
    {
        var decoder = new ArtworkDecoder(artworkId);
        foreach (var block in blocks)
            if (decoder.Offer(block.Bytes, block.Id).Outcome == BlockOutcome.Completed) break;
        return decoder;
    }
}
