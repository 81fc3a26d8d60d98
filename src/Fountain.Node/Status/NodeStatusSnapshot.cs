namespace Fountain.Node.Status;

/// <summary>
/// Everything the status page, its JSON (<c>/status.json</c>) and <c>/metrics</c> show about one node, taken at once by
/// <see cref="NodeStatusSource"/>. What is in here is public on purpose (README, "Status page and metrics"): what the
/// chain shows anyone (members, their endpoints, reported storage, penalties; tickets' sizes and block counts) and this
/// node's own aggregate counters. Never add keys, block ids or bytes, owners, client addresses, paths or settings:
/// an outsider reads this without a signature. To show a new figure, add a property here and fill it in the source.
/// </summary>
public sealed record NodeStatusSnapshot
{
    public required string NodeId { get; init; }
    /// <summary>The URL this node's signed API is registered under (on the chain, so public).</summary>
    public required string Endpoint { get; init; }
    public required DateTimeOffset TakenAt { get; init; }
    /// <summary>The chain height this node saw last; -1 before its first read.</summary>
    public required long ChainHeight { get; init; }
    public required StorageStatus Storage { get; init; }
    public required ChallengeStatus Challenges { get; init; }
    public required HealStatus Heals { get; init; }
    /// <summary>Blocks found corrupt by this node's scrubber and moved out of its store.</summary>
    public required long Quarantined { get; init; }
    /// <summary>Block reads refused to the block's own placed holders (anti-outsourcing, as in the signed /status).</summary>
    public required long HolderReadsRefused { get; init; }

    /// <summary>
    /// Requests the signed API refused since the node started, by kind (<c>unsigned</c>, <c>wrong-target</c>,
    /// <c>placed-holder-read</c>, ...: Api.RefusalCounters): attacks and misconfigured clients, counted, never named.
    /// </summary>
    public required IReadOnlyDictionary<string, long> Refusals { get; init; }
    /// <summary>Members penalised at <see cref="ChainHeight"/> (no rewards, no new work).</summary>
    public required int PenalisedMembers { get; init; }
    public required IReadOnlyList<MemberStatus> Members { get; init; }
    /// <summary>The first artworks of the chain's listing (at most fountain.status.max-listed-artworks).</summary>
    public required IReadOnlyList<ArtworkStatus> Artworks { get; init; }
    /// <summary>Whether the chain lists more artworks than <see cref="Artworks"/> shows.</summary>
    public required bool ArtworksTruncated { get; init; }
}

/// <summary>This node's block store: Total/Used/Free as reported to the chain, bytes of blocks not yet on a ticket, and blocks held.</summary>
public sealed record StorageStatus(long TotalBytes, long UsedBytes, long FreeBytes, long PendingBytes, long BlocksHeld);

/// <summary>Storage challenges this node issued since it started, by verdict, and reports the chain refused.</summary>
public sealed record ChallengeStatus(long Issued, long Passed, long Failed, long Abandoned, long ReportsRefused);

/// <summary>Heals on the chain among the listed artworks: amendments this node made as custodian primary, and all of them.</summary>
public sealed record HealStatus(long ByThisNode, long Total, long BlocksAdded);

/// <summary>A masternode as the chain lists it, with its state at the head: member, awaiting its first report, offline, penalised or disqualified.</summary>
public sealed record MemberStatus(string Id, string Endpoint, string State, long PenaltyUntilHeight, decimal Reputation, long TotalBytes, long UsedBytes, long LastSeenHeight);

/// <summary>
/// An artwork's ticket: archive size, blocks on the ticket (heals included), the redundancy they amount to (payload bytes
/// ÷ archive bytes, as RedundancyMeter defines it, if every block were found), heals, and how many of its blocks this node holds.
/// </summary>
public sealed record ArtworkStatus(string ArtworkId, long ArchiveBytes, int Blocks, double TicketRedundancy, int HoldersPerBlock, int Heals, int BlocksHeldHere);
