using Fountain.Chain.Model;
using Fountain.Node.Api;
using Fountain.Node.Challenges;
using Fountain.Node.Healing;
using Fountain.Node.Network;
using Fountain.Node.Scrubbing;
using Fountain.Node.Storage;

namespace Fountain.Node.Status;

/// <summary>
/// Takes <see cref="NodeStatusSnapshot"/>s from the same sources the signed <c>GET /status</c> reads (the block store's
/// figures, the scrubber's counters, the holder-read rule's refusals, the node's cached chain view) plus the challenge
/// scheduler's counters and the chain's ticket listing. One snapshot serves every request for
/// <c>fountain.status.refresh-interval</c>, and only one is taken at a time, so that an unauthenticated page, however
/// often it is asked for, costs the node one listing read per interval. When the chain cannot be read the snapshot keeps
/// the last membership and artworks it had (the storage figures are always this node's own, fresh).
/// </summary>
internal sealed class NodeStatusSource(StatusSettings settings, string nodeId, Uri endpoint, TimeProvider clock, ChainView chain, BlockStore store,
    ScrubCounters scrub, ChallengeScheduler challenges, RefusalCounters refusals)
{
    private readonly SemaphoreSlim _taking = new(1, 1);
    private NodeStatusSnapshot? _last;
    private ArtworkListing _lastListing = new([], false);

    public string NodeId => nodeId;

    /// <summary>The last snapshot if it is younger than the refresh interval, a new one otherwise.</summary>
    public async Task<NodeStatusSnapshot> GetAsync(CancellationToken cancellation)
    {
        if (Fresh(Volatile.Read(ref _last)) is { } fresh) return fresh;
        await _taking.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (Fresh(_last) is { } taken) return taken;
            var snapshot = await TakeAsync(cancellation).ConfigureAwait(false);
            Volatile.Write(ref _last, snapshot);
            return snapshot;
        }
        finally
        {
            _taking.Release();
        }
    }

    private NodeStatusSnapshot? Fresh(NodeStatusSnapshot? snapshot) =>
        snapshot is not null && clock.GetUtcNow() - snapshot.TakenAt < settings.RefreshInterval ? snapshot : null;

    private async Task<NodeStatusSnapshot> TakeAsync(CancellationToken cancellation)
    {
        Membership? membership;
        try
        {
            membership = await chain.GetMembershipAsync(cancellation).ConfigureAwait(false);
        }
        catch (ChainUnavailableException)
        {
            membership = chain.Current;
        }
        var (artworks, truncated) = _lastListing = await ListArtworksAsync(cancellation).ConfigureAwait(false) ?? _lastListing;
        long height = membership?.Head.Height ?? -1;
        var members = membership?.ById.Values.OrderBy(m => m.Id, StringComparer.Ordinal).Select(m => Member(m, height)).ToList() ?? [];
        var figures = store.Figures;
        var counts = challenges.Counts;
        return new NodeStatusSnapshot
        {
            NodeId = nodeId,
            Endpoint = endpoint.ToString(),
            TakenAt = clock.GetUtcNow(),
            ChainHeight = height,
            Storage = new StorageStatus(figures.TotalBytes, figures.UsedBytes, figures.FreeBytes, store.PendingBytes, figures.BlockCount),
            Challenges = new ChallengeStatus(counts.Issued, counts.Passed, counts.Failed, counts.Abandoned, counts.Refused),
            Heals = new HealStatus(artworks.Sum(a => a.HealsByThisNode), artworks.Sum(a => a.Status.Heals), artworks.Sum(a => a.BlocksAdded)),
            Quarantined = scrub.Quarantined,
            HolderReadsRefused = refusals[RefusalKind.PlacedHolderRead],
            Refusals = refusals.Snapshot(),
            PenalisedMembers = members.Count(m => m.State == MemberStates.Penalised),
            Members = members,
            Artworks = artworks.Select(a => a.Status).ToList(),
            ArtworksTruncated = truncated,
        };
    }

    /// <summary>The first tickets of the chain's listing with what this node holds of each; null when the chain cannot be read.</summary>
    private async Task<ArtworkListing?> ListArtworksAsync(CancellationToken cancellation)
    {
        var listed = new List<ListedArtwork>();
        string? after = null;
        try
        {
            while (listed.Count < settings.MaxListedArtworks)
            {
                var page = await chain.Chain.ListTicketsAsync(after, settings.MaxListedArtworks - listed.Count, cancellation).ConfigureAwait(false);
                listed.AddRange(page.Tickets.Take(settings.MaxListedArtworks - listed.Count).Select(Listed));
                after = page.NextAfter;
                if (after is null) return new ArtworkListing(listed, false);
            }
            return new ArtworkListing(listed, true);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            return null;
        }
    }

    private ListedArtwork Listed(ArtworkTicket ticket)
    {
        var blockIds = ticket.AllBlocks.Select(b => b.BlockId).ToHashSet(StringComparer.Ordinal);
        var onTicket = RedundancyMeter.Measure(ticket, blockIds);
        int heldHere = Codec.Hashing.Hash256.TryParse(ticket.ArtworkId, out var id)
            ? store.ListArtwork(id, blockIds.Count + 1).Count(b => blockIds.Contains(b.BlockId.ToString()))
            : 0;
        var status = new ArtworkStatus(ticket.ArtworkId, ticket.Codec.ArchiveLength, onTicket.BlocksKnown, onTicket.Redundancy, ticket.HoldersPerBlock,
            ticket.Amendments.Count, heldHere);
        return new ListedArtwork(status, ticket.Amendments.Count(a => a.PrimaryId == nodeId), ticket.Amendments.Sum(a => a.AddedBlocks.Count));
    }

    private sealed record ArtworkListing(IReadOnlyList<ListedArtwork> Artworks, bool Truncated);

    private sealed record ListedArtwork(ArtworkStatus Status, int HealsByThisNode, int BlocksAdded);

    private static MemberStatus Member(Masternode m, long height) => new(m.Id, m.Endpoint, MemberStates.Of(m, height), m.PenaltyUntilHeight, m.ReputationScore,
        m.Storage?.TotalBytes ?? 0, m.Storage?.UsedBytes ?? 0, m.LastSeenHeight);
}

/// <summary>The one word the page shows for a masternode's state, the gravest that applies.</summary>
internal static class MemberStates
{
    public const string Disqualified = "disqualified", Penalised = "penalised", Offline = "offline", AwaitingFirstReport = "awaiting first report", Member = "member";

    public static string Of(Masternode m, long height) =>
        m.Disqualified ? Disqualified
        : m.IsPenalisedAt(height) ? Penalised
        : m.Offline ? Offline
        : !m.IsMemberAt(height) ? AwaitingFirstReport
        : Member;
}
