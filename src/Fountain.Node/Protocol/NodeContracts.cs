using System.Text.Json.Serialization;
using Fountain.Chain.Model;
using Fountain.Chain.Transactions;

namespace Fountain.Node.Protocol;

/// <summary>The answer to PUT /blocks/{id}: <c>stored</c> or <c>already-held</c>, and whether the block waits for its artwork's ticket.</summary>
public sealed record PutBlockResponse(string BlockId, string Outcome, bool Pending);

/// <summary>A block a node holds, as listed by GET /artworks/{id}/blocks.</summary>
public sealed record HeldBlock(string BlockId, uint Index, long Bytes, bool Pending);

/// <summary>The blocks a node holds for an artwork, by index; <see cref="Truncated"/> when the listing limit cut it short.</summary>
public sealed record ArtworkBlocksResponse(string ArtworkId, IReadOnlyList<HeldBlock> Blocks, bool Truncated);

/// <summary>The answer to a storage challenge: SHA3-256 (hex) of bytes [offset, offset + length) of a block.</summary>
public sealed record RangeHashResponse(string BlockId, long Offset, long Length, string Sha3);

/// <summary>
/// GET /status: who the node is, the last chain height it saw, its storage figures in bytes, the blocks scrubbing
/// quarantined, the block reads it refused to the blocks' own placed holders (Api.HolderReadRule), and every refused
/// request by kind since it started (Api.RefusalCounters, keys such as <c>wrong-target</c>, <c>bad-signature</c>).
/// </summary>
public sealed record NodeStatus(string NodeId, string Endpoint, long HeightSeen, long TotalBytes, long UsedBytes, long FreeBytes, long PendingBytes, long BlockCount,
    long QuarantinedBlocks = 0, long RefusedHolderReads = 0, IReadOnlyDictionary<string, long>? Refusals = null);

/// <summary>Every refusal carries one sentence saying why.</summary>
public sealed record ErrorResponse(string Error);

/// <summary>One block of a <see cref="TicketDraft"/>: its index and id, the holders placement selected, and those that acknowledged it.</summary>
public sealed record DraftBlock(uint Index, string BlockId, IReadOnlyList<string> SelectedHolders, IReadOnlyList<string> AcknowledgedBy);

/// <summary>
/// What a node returns after encoding and placing an archive (POST /artworks): everything the owner needs to
/// sign <see cref="RegisterArtwork"/>, plus which holders acknowledged each block, so the owner decides whether
/// enough did before paying the fee. The node does not register the artwork: the chain requires the owner's
/// signature, and the owner's key never leaves the owner.
/// </summary>
public sealed record TicketDraft(string ArtworkId, string OwnerPublicKey, CodecParameters Codec, int HoldersPerBlock, IReadOnlyList<DraftBlock> Blocks)
{
    /// <summary>The fewest acknowledgements any block got.</summary>
    public int MinimumAcknowledgements => Blocks.Count == 0 ? 0 : Blocks.Min(b => b.AcknowledgedBy.Count);

    /// <summary>Blocks that at least one holder acknowledged.</summary>
    public int BlocksPlaced => Blocks.Count(b => b.AcknowledgedBy.Count > 0);

    /// <summary>The transaction payload the owner signs (with <c>SignedTransaction.Create</c>) and submits to the chain.</summary>
    public RegisterArtwork ToRegisterArtwork(long maxFeeBaseUnits) =>
        new(ArtworkId, Codec, Blocks.Select(b => new TicketBlock(b.Index, b.BlockId)).ToList(), HoldersPerBlock, maxFeeBaseUnits);
}

/// <summary>Source-generated JSON of the node API (DESIGN.md: System.Text.Json, no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(PutBlockResponse))]
[JsonSerializable(typeof(ArtworkBlocksResponse))]
[JsonSerializable(typeof(RangeHashResponse))]
[JsonSerializable(typeof(NodeStatus))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(TicketDraft))]
public sealed partial class NodeJson : JsonSerializerContext;
