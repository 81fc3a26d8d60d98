using Fountain.Chain.Model;
using Akka.Actor;
using Fountain.Chain.Transactions;
using Fountain.Codec.Blocks;
using Fountain.Node.BlockPlacement;
using Fountain.Node.Network;
using Fountain.Node.Peers;
using Fountain.Node.Storage;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.Healing;

/// <summary>What one epoch's check of an artwork found and did; <see cref="BytesMoved"/> counts block bytes fetched and uploaded.</summary>
public sealed record CheckReport(
    string ArtworkId,
    long EpochHeight,
    RedundancyMeasurement Before,
    RedundancyMeasurement? After,
    int BlocksAdded,
    int BlocksCopied,
    long BytesMoved,
    IReadOnlyList<string> DistrustedNodes,
    uint HighestIndexBefore,
    string? Failure) : IArtworkCheckReport
{
    /// <summary>Most bytes of fresh blocks the heal held in memory at once (0 when it did not heal).</summary>
    public long PeakFreshBlockBytes { get; init; }

    /// <summary>The part of <see cref="BytesMoved"/> spent on holder maintenance (copies of existing blocks to holders that lack them).</summary>
    public long MaintenanceBytesMoved { get; init; }

    /// <summary>Payload bytes of redundancy this check restored (new blocks added to the ticket).</summary>
    public long BytesRestored => (After?.PayloadBytesAvailable ?? Before.PayloadBytesAvailable) - Before.PayloadBytesAvailable;

    /// <summary>What the artwork's actor journals of this check.</summary>
    CheckSummary IArtworkCheckReport.Summary =>
        new(EpochHeight, Before.Redundancy, Before.BlocksAvailable, (After ?? Before).Redundancy, (After ?? Before).BlocksAvailable, BlocksAdded, Failure);
}

/// <summary>
/// One epoch's duty for one artwork, run by its <see cref="ArtworkActor"/> through the <see cref="IArtworkCheck"/> port:
/// survey, heal if below heal-below, then holder maintenance. I/O only; the actor owns the state and the journal.
/// The composition root builds it with the node's actor system, whose codec dispatcher decodes and encodes heals.
/// </summary>
internal sealed class HealCheck(HealingSettings settings, BlockLimits limits, string nodeId, ChainView chain, BlockStore store, IPeers peers, ActorSystem actors,
    ChainSender sender, CheckSlots slots, ILogger log) : IArtworkCheck
{
    private readonly PlacementPipeline _placement = new(actors, peers, log);

    private string NodeId => nodeId;

    /// <summary>
    /// Runs the check once one of the node's max-concurrent-checks slots is free (see <see cref="RunCheckAsync"/>). An id
    /// the chain has no ticket for is refused before it waits for a slot: a cluster member flooding the node with made-up
    /// ids must not queue ahead of real checks (the artwork actor stops at once on <see cref="ArtworkNotRegisteredException"/>).
    /// </summary>
    public async Task<IArtworkCheckReport> RunAsync(string artworkId, long epochHeight, ArtworkEvent? inFlight, Action<bool> inFlightSettled,
        Func<HealStarting, Task> healStarted, CancellationToken cancellation)
    {
        if (await chain.Chain.GetTicketAsync(artworkId, cancellation).ConfigureAwait(false) is null) throw new ArtworkNotRegisteredException(artworkId);
        return await slots.RunAsync(() => RunCheckAsync(artworkId, epochHeight, inFlight, inFlightSettled, healStarted, cancellation), cancellation).ConfigureAwait(false);
    }

    /// <param name="epochHeight">The epoch this node was found to be the custodian primary at; custody, placement and the amendment are judged at it.</param>
    /// <param name="inFlight">A heal this node's journal says it started and never settled (it stopped mid-heal).</param>
    /// <param name="inFlightSettled">Told, before anything else happens, whether that heal's amendment is on the ticket.</param>
    /// <param name="healStarted">Told when this check starts a heal, before its first block is placed.</param>
    private async Task<CheckReport> RunCheckAsync(string artworkId, long epochHeight, ArtworkEvent? inFlight, Action<bool> inFlightSettled,
        Func<HealStarting, Task> healStarted, CancellationToken cancellation)
    {
        var current = await chain.RefreshAsync(cancellation).ConfigureAwait(false);
        // The masternode list as it is now, judged at the decided epoch rather than at the head: under load the head may
        // have moved since the decision, and the primary with it (the check would then fail as "not the custodian primary").
        var epoch = current.Head.Height == epochHeight ? current.Head
            : await chain.Chain.GetHeightAsync(epochHeight, cancellation).ConfigureAwait(false) ?? throw new InvalidOperationException($"height {epochHeight} is not sealed");
        var membership = current.At(epoch);
        // The ticket as the chain has it now, never a cached copy: a heal planned from a stale ticket would measure
        // without the last amendment's blocks and pick its indices again (the chain would refuse it, but the work is lost).
        var ticket = await chain.Chain.GetTicketAsync(artworkId, cancellation).ConfigureAwait(false)
            ?? throw new ArtworkNotRegisteredException(artworkId);
        if (inFlight is not null) inFlightSettled(Landed(ticket, inFlight, NodeId));
        var survey = await new RedundancySurvey(settings, limits, NodeId, store, peers).RunAsync(ticket, membership, cancellation).ConfigureAwait(false);
        long moved = survey.BytesFetched;
        if (survey.ReachableNodes.Count == 0)
        {
            // Nothing answered: this node is cut off, or too new for the others' view of the masternode list. A heal
            // now would decode nothing and place nothing; the measurement says so and the next epoch tries again.
            return new CheckReport(artworkId, membership.Head.Height, survey.Measurement, null, 0, 0, moved, [], ticket.HighestIndex,
                "no masternode answered this node's listing requests");
        }
        var plan = HealPlan.For(ticket, survey.Measurement, settings.Policy);
        var run = new HealRun(settings, limits, NodeId, store, actors, sender, peers, _placement, log);
        int added = 0;
        long peakFresh = 0;
        string? failure = null;
        RedundancyMeasurement? after = null;
        if (plan is not null)
        {
            log.LogInformation("artwork {Artwork}: redundancy {Redundancy:F2} below {HealBelow}; healing with {Blocks} new blocks from index {First}",
                artworkId, survey.Measurement.Redundancy, settings.Policy.HealBelow, plan.BlocksToAdd, plan.FirstNewIndex);
            var heal = await run.RunAsync(ticket, plan, survey, membership, healStarted, cancellation).ConfigureAwait(false);
            moved += heal.BytesFetched + heal.BytesUploaded;
            added = heal.Added.Count;
            peakFresh = heal.PeakFreshBlockBytes;
            failure = heal.Failure;
            if (failure is not null) log.LogWarning("artwork {Artwork}: heal failed: {Reason}", artworkId, failure);
            long payloadPerBlock = (long)ticket.Codec.SymbolsPerBlock * ticket.Codec.SymbolBytes;
            long bytes = survey.Measurement.PayloadBytesAvailable + added * payloadPerBlock;
            after = survey.Measurement with
            {
                BlocksKnown = survey.Measurement.BlocksKnown + added,
                BlocksAvailable = survey.Measurement.BlocksAvailable + added,
                PayloadBytesAvailable = bytes,
                Redundancy = bytes / (double)Math.Max(1, ticket.Codec.ArchiveLength),
            };
        }
        var (copies, copyBytes) = await run.MaintainHoldersAsync(ticket, survey, membership, settings.MaxCopiesPerCheck, cancellation).ConfigureAwait(false);
        moved += copyBytes;
        return new CheckReport(artworkId, membership.Head.Height, survey.Measurement, after, added, copies, moved, survey.DistrustedNodes.Order(StringComparer.Ordinal).ToList(), ticket.HighestIndex, failure)
        {
            PeakFreshBlockBytes = peakFresh,
            MaintenanceBytesMoved = copyBytes,
        };
    }

    /// <summary>
    /// Whether a heal this node started landed: the ticket has an amendment by this node, made after the amendments
    /// the heal was based on, listing only indices from the heal's first new index on. The chain's stale-ticket rule
    /// allows at most one amendment per ticket state, so no other heal can be mistaken for it.
    /// </summary>
    internal static bool Landed(ArtworkTicket ticket, ArtworkEvent heal, string nodeId) =>
        ticket.Amendments.Skip(Math.Max(0, heal.BasedOnAmendments))
            .Any(a => a.PrimaryId == nodeId && a.AddedBlocks.Count > 0 && a.AddedBlocks.Min(b => b.Index) >= heal.FirstNewIndex);
}
