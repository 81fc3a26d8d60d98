using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;

namespace Fountain.Codec.Artwork;

public enum BlockOutcome
{
    /// <summary>Verified and used.</summary>
    Accepted,
    /// <summary>Verified and used, and the archive is now complete and verified.</summary>
    Completed,
    /// <summary>Verified, but it repeats a block already used.</summary>
    Duplicate,
    /// <summary>A block of another artwork.</summary>
    Foreign,
    /// <summary>Damaged, tampered or malformed; not used.</summary>
    Rejected,
    /// <summary>The archive was already complete.</summary>
    NotNeeded,
}

public readonly record struct BlockVerdict(BlockOutcome Outcome, string? Reason = null)
{
    public bool Used => Outcome is BlockOutcome.Accepted or BlockOutcome.Completed;
}

/// <summary>
/// Rebuilds an archive from v1 blocks offered one at a time, in any order, from any source. Every block is
/// checked before any of its symbols is used: its id (SHA3-256 of header and payload) must be the one it was
/// named by, its header must be well formed and describe the same code as the artwork's other blocks. The
/// finished archive is checked against the artwork id. A bad block costs a rejection, never a wrong archive.
/// </summary>
public sealed class ArtworkDecoder : IArtworkBlockDecoder
{
    private readonly BlockLimits _limits;

    public BlockLimits Limits => _limits;
    private readonly HashSet<Hash256> _seenBlocks = [];
    private readonly HashSet<ulong> _seenSeeds = [];
    private readonly LtParameters? _expectedParameters;
    private LtDecoder? _decoder;
    private ReadOnlyMemory<byte> _archive;

    /// <param name="artworkId">The artwork wanted, or null to take the artwork of the first valid block.</param>
    /// <param name="parameters">
    /// The code the blocks must describe, when known (from a ticket, or what most of a folder's blocks agree on);
    /// null to take the code of the first valid block, which then lets that one block decide for all the others.
    /// </param>
    public ArtworkDecoder(Hash256? artworkId = null, BlockLimits? limits = null, LtParameters? parameters = null)
    {
        ArtworkId = artworkId;
        _limits = limits ?? BlockLimits.Default;
        _expectedParameters = parameters;
    }

    public Hash256? ArtworkId { get; private set; }
    public LtParameters? Parameters => _decoder?.Parameters;
    public bool IsComplete { get; private set; }
    public int BlocksUsed { get; private set; }
    public long BytesUsed { get; private set; }
    public int BlocksRejected { get; private set; }
    public long WaitingBytes => _decoder?.WaitingBytes ?? 0;

    /// <summary>
    /// A true lower bound on the further valid blocks needed: each adds at most M symbols, and the decode needs at
    /// least <see cref="LtDecoder.MinimumMoreSymbols"/> more. It counts what was received, not what is decoded yet
    /// (peeling releases most symbols only near the end, so counting decoded symbols asked for far too many: issue
    /// 14.2). Real decodes usually need a few percent more than the bound: LT's overhead.
    /// </summary>
    public int MinimumMoreBlocks => IsComplete ? 0
        : _decoder is not null ? BlocksFor(_decoder.MinimumMoreSymbols, _decoder.Parameters.SymbolsPerBlock)
        : _expectedParameters is { } p ? BlocksFor(p.SourceSymbols, p.SymbolsPerBlock)
        : 1;

    private static int BlocksFor(long symbols, int symbolsPerBlock) => (int)Math.Min(int.MaxValue, (symbols + symbolsPerBlock - 1) / symbolsPerBlock);

    /// <summary>The archive, verified against the artwork id.</summary>
    public ReadOnlyMemory<byte> Archive => IsComplete ? _archive : throw new InvalidOperationException("The archive is not complete yet.");

    public string FormatName => "v1";

    BlockVerdict IArtworkBlockDecoder.Offer(ReadOnlySpan<byte> block, string fileName, Hash256 namedBlockHash) => Offer(block, namedBlockHash);

    /// <summary>Verifies a block and, if it is good, uses it.</summary>
    public BlockVerdict Offer(ReadOnlySpan<byte> block, Hash256 expectedBlockId)
    {
        if (IsComplete) return new(BlockOutcome.NotNeeded);
        if (_seenBlocks.Contains(expectedBlockId)) return new(BlockOutcome.Duplicate, "this block was used already");
        if (!BlockHeader.TryParse(block, _limits, out var header, out var error)) return Reject(error!);
        if (block.Length != header!.BlockBytes) return Reject($"the block has {block.Length} bytes but its header describes {header.BlockBytes}");
        if (ArtworkId is { } wanted && header.ArtworkId != wanted) return new(BlockOutcome.Foreign, $"it belongs to artwork {header.ArtworkId}");
        var actual = Sha3.Hash(block);
        if (actual != expectedBlockId) return Reject($"its content hashes to {actual}, not to its id {expectedBlockId} (corrupted or tampered)");
        return Use(header, block, expectedBlockId);
    }

    /// <summary>Uses a block that <see cref="BlockVerifier"/> already checked (perhaps on another thread).</summary>
    public BlockVerdict Add(VerifiedBlock block)
    {
        if (IsComplete) return new(BlockOutcome.NotNeeded);
        if (_seenBlocks.Contains(block.Id)) return new(BlockOutcome.Duplicate, "this block was used already");
        if (ArtworkId is { } wanted && block.Header.ArtworkId != wanted) return new(BlockOutcome.Foreign, $"it belongs to artwork {block.Header.ArtworkId}");
        return Use(block.Header, block.Bytes.Span, block.Id);
    }

    /// <summary>The part of decoding that needs this decoder's state: consistency with the other blocks, duplicates, peeling.</summary>
    private BlockVerdict Use(BlockHeader header, ReadOnlySpan<byte> block, Hash256 id)
    {
        if (_expectedParameters is not null && header.Parameters != _expectedParameters)
            return Reject("its code parameters differ from the artwork's (those the other blocks agree on)");
        if (_decoder is null)
        {
            ArtworkId = header.ArtworkId;
            _decoder = new LtDecoder(header.Parameters);
        }
        else if (header.Parameters != _decoder.Parameters)
            return Reject("its code parameters differ from the artwork's other blocks");
        _seenBlocks.Add(id);
        if (!_seenSeeds.Add(header.BlockSeed)) return new(BlockOutcome.Duplicate, "it repeats the seed of a block already used");

        BlocksUsed++;
        BytesUsed += block.Length;
        if (!_decoder.AddBlockPayload(header.BlockSeed, block[BlockHeader.Size..])) return new(BlockOutcome.Accepted);

        var archive = _decoder.Archive;
        if (Sha3.Hash(archive.Span) != ArtworkId)
            // Every block matched the id it was offered under, so one of those ids vouched for symbols that are not the
            // archive's: hostile or corrupted input (issue 12, hole 1), which the caller may get round by decoding again
            // without the blocks of the source it suspects.
            throw new InconsistentBlocksException(ArtworkId!.Value, BlocksUsed);
        _archive = archive;
        IsComplete = true;
        return new(BlockOutcome.Completed);
    }

    private BlockVerdict Reject(string reason)
    {
        BlocksRejected++;
        return new(BlockOutcome.Rejected, reason);
    }
}
