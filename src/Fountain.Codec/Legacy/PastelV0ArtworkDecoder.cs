using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;

namespace Fountain.Codec.Legacy;

/// <summary>The pastel-v0 decoder behind the format-neutral interface that folder decoding uses.</summary>
/// <param name="artworkId">The archive's SHA3-256, checked when the decode completes; null when no block's name gave it
/// (each payload is still checked against its header's hash).</param>
public sealed class PastelV0ArtworkDecoder(Hash256? artworkId, PastelV0Limits? limits = null) : IArtworkBlockDecoder
{
    private readonly PastelV0Decoder _decoder = new(limits, artworkId?.ToString());
    private ReadOnlyMemory<byte> _archive;

    public string FormatName => "pastel-v0";
    public bool IsComplete { get; private set; }
    public int BlocksUsed => _decoder.AcceptedBlocks;
    public long BytesUsed { get; private set; }

    /// <summary>
    /// A true lower bound: each pastel-v0 block carries one symbol and reveals at most one, so the blocks needed are
    /// the symbols unknown minus those the blocks already held but unresolved may still reveal (counting only the
    /// known symbols asked for far too many: issue 14.2). Real decodes usually need more.
    /// </summary>
    public int MinimumMoreBlocks => IsComplete ? 0 : _decoder.SourceSymbols == 0 ? 1
        : Math.Max(1, _decoder.SourceSymbols - _decoder.KnownSourceSymbols - _decoder.UnresolvedBlocks);

    public ReadOnlyMemory<byte> Archive => IsComplete ? _archive : throw new InvalidOperationException("The archive is not complete yet.");

    public BlockVerdict Offer(ReadOnlySpan<byte> block, string fileName, Hash256 namedBlockHash)
    {
        if (IsComplete) return new(BlockOutcome.NotNeeded);
        if (!_decoder.TryAdd(block, fileName, out var reason))
            return new(reason.StartsWith("duplicate", StringComparison.Ordinal) ? BlockOutcome.Duplicate
                : reason.StartsWith("belongs to another", StringComparison.Ordinal) ? BlockOutcome.Foreign
                : BlockOutcome.Rejected, reason);
        BytesUsed += block.Length;
        if (!_decoder.IsComplete) return new(BlockOutcome.Accepted);
        _archive = _decoder.GetArchive(); // verifies the archive against the artwork id
        IsComplete = true;
        return new(BlockOutcome.Completed);
    }
}
