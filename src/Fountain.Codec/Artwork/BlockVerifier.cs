using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;

namespace Fountain.Codec.Artwork;

/// <summary>A v1 block whose content was checked against its id. Safe to pass between threads; it does not change.</summary>
public sealed record VerifiedBlock(BlockHeader Header, ReadOnlyMemory<byte> Bytes, Hash256 Id);

/// <summary>
/// The stateless half of decoding: parse a block, check its length, and check that its content hashes to its
/// id. Thread-safe, so it can run wherever blocks arrive (several downloads, a second core) while one decoder
/// peels on its own thread.
/// </summary>
public static class BlockVerifier
{
    /// <param name="wantedArtwork">When known, blocks of other artworks are reported as foreign without being hashed.</param>
    public static BlockVerdict Verify(ReadOnlyMemory<byte> block, Hash256 expectedId, BlockLimits limits, Hash256? wantedArtwork, out VerifiedBlock? verified)
    {
        verified = null;
        var span = block.Span;
        if (!BlockHeader.TryParse(span, limits, out var header, out var error)) return new(BlockOutcome.Rejected, error);
        if (span.Length != header!.BlockBytes) return new(BlockOutcome.Rejected, $"the block has {span.Length} bytes but its header describes {header.BlockBytes}");
        if (wantedArtwork is { } wanted && header.ArtworkId != wanted) return new(BlockOutcome.Foreign, $"it belongs to artwork {header.ArtworkId}");
        var actual = Sha3.Hash(span);
        if (actual != expectedId) return new(BlockOutcome.Rejected, $"its content hashes to {actual}, not to its id {expectedId} (corrupted or tampered)");
        verified = new VerifiedBlock(header, block, expectedId);
        return new(BlockOutcome.Accepted);
    }
}
