using Fountain.Codec.Hashing;

namespace Fountain.Codec.Artwork;

/// <summary>What a folder or network decode needs from a block format's decoder: offer blocks, learn when it is done.</summary>
public interface IArtworkBlockDecoder
{
    string FormatName { get; }
    bool IsComplete { get; }
    int BlocksUsed { get; }
    long BytesUsed { get; }
    int MinimumMoreBlocks { get; }
    ReadOnlyMemory<byte> Archive { get; }

    /// <param name="fileName">The block's file name, which carries its id.</param>
    /// <param name="namedBlockHash">The block hash the name carries.</param>
    BlockVerdict Offer(ReadOnlySpan<byte> block, string fileName, Hash256 namedBlockHash);
}
