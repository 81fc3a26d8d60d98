using System.Text.Json.Serialization;

namespace Fountain.Chain.Model;

/// <summary>A height of the chain. Its hash is the epoch seed of selections made at that height.</summary>
public sealed record ChainHead(long Height, string Hash, DateTimeOffset Time);

/// <summary>What a masternode reported about its storage, and when.</summary>
public sealed record StorageReport(long TotalBytes, long UsedBytes, long FreeBytes, long AtHeight);

/// <summary>A registered masternode. Ids are SHA3-256 of the public key (hex); the public key is SubjectPublicKeyInfo, base64.</summary>
public sealed record Masternode(
    string Id,
    string PublicKey,
    string Endpoint,
    long CollateralBaseUnits,
    long RegisteredAtHeight,
    StorageReport? Storage,
    long PenaltyUntilHeight)
{
    /// <summary>A node under penalty earns no rewards and is skipped for new work (DESIGN.md, selection).</summary>
    public bool IsPenalisedAt(long height) => height < PenaltyUntilHeight;

    /// <summary>The audit reputation α/(α+β) (Economics' BetaReputation); 1 for a node never audited.</summary>
    public decimal ReputationScore { get; init; } = 1m;

    /// <summary>Set for good once the reputation falls below the threshold: no rewards, no new work.</summary>
    public bool Disqualified { get; init; }

    /// <summary>The last sealed height that included this node's registration or a storage report from it (its liveness signal).</summary>
    public long LastSeenHeight { get; init; }

    /// <summary>The time of <see cref="LastSeenHeight"/> (the chain's own seal time, not a node's clock); null until that height is sealed.</summary>
    public DateTimeOffset? LastSeenTime { get; init; }

    /// <summary>
    /// Set at each seal when the sealed height's time is more than <see cref="ChainOptions.OfflineAfter"/> after
    /// <see cref="LastSeenTime"/>; cleared by the next sealed height that includes a report from the node. A height that
    /// includes no masternode at all changes no flag (see Rules.Liveness). An offline node earns no rewards and is
    /// skipped for new work (DESIGN.md: "Nodes under penalty or offline are skipped").
    /// </summary>
    public bool Offline { get; init; }

    /// <summary>
    /// The first height of the node's current online stretch: the height that included its registration, or the one
    /// whose report brought it back from offline. Blocks placed before it may have been placed while the node was
    /// offline (and so never given to it): an auditor should not expect the node to hold those by placement alone.
    /// </summary>
    public long OnlineSinceHeight { get; init; }

    /// <summary>
    /// Set by the chain at registration and cleared by the node's first storage report at a height after its
    /// registration's (Rules.MasternodeRules.Report). A registration alone is one signed transaction: anyone can file
    /// it for an endpoint that never answers (or a process that died after sending it), and as a member such a node
    /// would be given blocks it never receives. A report from a later height shows that the key's holder runs a node
    /// that saw its registration sealed and follows the chain. Until then the node is listed but is no member: no
    /// placements, custody, challenges or rewards. (A masternode built elsewhere, without this flag, is a member from
    /// its registration, as before.)
    /// </summary>
    public bool AwaitingFirstReport { get; init; }

    /// <summary>The height of the report that cleared <see cref="AwaitingFirstReport"/> (0 when it was never set): the node is a member from it on.</summary>
    public long ProvenAtHeight { get; init; }

    /// <summary>
    /// Whether the node is a member at <paramref name="height"/>: registered by then and proven alive by a storage
    /// report from a height after its registration's, no later than <paramref name="height"/>.
    /// </summary>
    public bool IsMemberAt(long height) => RegisteredAtHeight <= height && !AwaitingFirstReport && ProvenAtHeight <= height;

    /// <summary>
    /// Whether the node may be given new work at <paramref name="height"/>: a member by then, not penalised, not
    /// disqualified, and not offline (as of the last sealed height: the chain keeps no liveness history).
    /// </summary>
    public bool IsEligibleAt(long height) => IsMemberAt(height) && !IsPenalisedAt(height) && !Disqualified && !Offline;
}

/// <summary>The code an artwork was encoded with: everything a decoder and a verifier need besides the blocks.</summary>
public sealed record CodecParameters(string Format, long ArchiveLength, int SourceSymbols, int SymbolBytes, int SymbolsPerBlock, double C, double Delta);

/// <summary>One block of an artwork: its index (1-based, never reused) and its id (SHA3-256 of the block, hex).</summary>
public sealed record TicketBlock(uint Index, string BlockId);

/// <summary>Blocks added to an artwork by a heal: made by the custodian, confirmed by a verifier.</summary>
public sealed record TicketAmendment(long AtHeight, string PrimaryId, string VerifierId, IReadOnlyList<TicketBlock> AddedBlocks, string Reason);

/// <summary>An artwork as registered on the chain: the shared truth a new custodian rebuilds its state from.</summary>
public sealed record ArtworkTicket(
    string ArtworkId,
    string OwnerPublicKey,
    CodecParameters Codec,
    IReadOnlyList<TicketBlock> Blocks,
    int HoldersPerBlock,
    long FeePaidBaseUnits,
    long RegisteredAtHeight,
    IReadOnlyList<TicketAmendment> Amendments)
{
    /// <summary>The original blocks and every block added since.</summary>
    /// <remarks>Derived, so not sent: it would double the size of every ticket on the wire (tickets, listing pages).</remarks>
    [JsonIgnore]
    public IEnumerable<TicketBlock> AllBlocks => Blocks.Concat(Amendments.SelectMany(a => a.AddedBlocks));

    [JsonIgnore]
    public uint HighestIndex => AllBlocks.Select(b => b.Index).DefaultIfEmpty(0u).Max();
}
