using Microsoft.Extensions.Logging;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Chain.Transactions;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using Akka.Actor;
using Fountain.Codec.Blocks;
using Fountain.Node.BlockPlacement;
using Fountain.Node.Network;
using Fountain.Node.Peers;
using Fountain.Node.Protocol;
using Fountain.Node.Storage;

namespace Fountain.Node.Healing;

/// <summary>What one heal did: the amendment's blocks (empty when nothing was submitted), and its traffic.</summary>
internal sealed record HealOutcome(IReadOnlyList<TicketBlock> Added, long BytesFetched, long BytesUploaded, string? Failure)
{
    /// <summary>Most bytes of fresh blocks the heal held at once (encoded, queued or being placed).</summary>
    public long PeakFreshBlockBytes { get; init; }
}

/// <summary>
/// A heal (DESIGN.md, the data path: "decode ► fresh blocks ► place ► amend ticket"): fetch enough verified blocks to
/// decode the archive, make fresh blocks with indices above every index the ticket ever had (a reused index would
/// repeat a block's LT seed), place each on its r holders, keep the blocks at least one reachable holder acknowledged,
/// have a custody verifier sign the amendment and submit it signed by this node, the custodian primary.
/// <para>
/// Two heals of one artwork never both land: the amendment names the ticket's amendment count the heal was planned
/// from, and the chain accepts it only while the ticket still has that many (otherwise "stale-ticket"), whatever its
/// indices; a heal from a later ticket sees the earlier one's blocks in its measurement. The indices are a function
/// of the ticket (highest index + 1 onward) and the encoding is deterministic, so a heal repeated from the same ticket
/// makes the same blocks. The chain also refuses an amendment from anyone but the epoch's primary, or for an old epoch.
/// </para>
/// </summary>
internal sealed partial class HealRun(HealingSettings settings, BlockLimits limits, string nodeId, BlockStore store, ActorSystem actors, ChainSender sender,
    IPeers peers, PlacementPipeline placement, ILogger log)
{
    /// <summary>Most rounds of making and placing fresh blocks in one heal.</summary>
    private const int MaxEncodeRounds = 8;

    public async Task<HealOutcome> RunAsync(ArtworkTicket ticket, HealPlan plan, SurveyResult survey, Membership membership,
        Func<HealStarting, Task> started, CancellationToken cancellation)
    {
        var artworkId = Hash256.Parse(ticket.ArtworkId);
        var decoded = await DecodeFromSurveyAsync(ticket, artworkId, survey, membership, cancellation).ConfigureAwait(false);
        if (decoded.Archive is not { } archive)
            return new HealOutcome([], decoded.BytesFetched, 0, $"the archive could not be decoded from the blocks found: at least {decoded.MissingBlocks} more were needed");
        await ProbeAsync(new HealPoint(HealStep.Decoded, 0), cancellation).ConfigureAwait(false);

        var c = ticket.Codec;
        var parameters = new LtParameters(c.ArchiveLength, c.SourceSymbols, c.SymbolBytes, c.SymbolsPerBlock, c.C, c.Delta);
        uint next = plan.FirstNewIndex;
        // Journaled before the first block is placed: a restart then knows this heal may have left blocks and an amendment.
        await started(new HealStarting(membership.Head.Height, next, plan.BlocksToAdd, ticket.Amendments.Count)).ConfigureAwait(false);
        var added = new List<TicketBlock>();
        long uploaded = 0, peak = 0;
        // Each round makes the blocks still missing and places them as they come out of the encoder, on the selected
        // holders the survey reached; a block counts once a holder acknowledged it. A holder may refuse (its view of the
        // masternode list lags, it is full), so a round short of the plan is followed by another, with the next indices.
        for (int round = 0; round < MaxEncodeRounds && added.Count < plan.BlocksToAdd; round++)
        {
            int before = added.Count, want = plan.BlocksToAdd - before;
            double reachableShare = Math.Max(0.05, survey.ReachableNodes.Count / (double)Math.Max(1, membership.EligibleIds.Count));
            double survive = 1 - Math.Pow(1 - reachableShare, ticket.HoldersPerBlock);
            int count = (int)Math.Min(settings.Policy.MaxBlocksPerHeal, Math.Ceiling(want / survive) + 1);
            var placed = await placement.RunAsync(new PlacementJob(archive, artworkId, parameters, next, count, membership, ticket.HoldersPerBlock)
            {
                EncodeTimeout = settings.CheckTimeout,
                QueueBlocks = settings.PlacementQueueBlocks,
                Parallelism = settings.Parallelism,
                Reachable = survey.ReachableNodes,
                Want = want,
                BlockPlaced = (placedInRound, ct) => ProbeAsync(new HealPoint(HealStep.BlockPlaced, before + placedInRound), ct),
            }, cancellation).ConfigureAwait(false);
            added.AddRange(placed.Acknowledged.Select(b => new TicketBlock(b.Index, b.Id.ToString())));
            uploaded += placed.BytesUploaded;
            peak = Math.Max(peak, placed.PeakHeldBytes);
            next = checked(next + (uint)count);
        }
        added.Sort((a, b) => a.Index.CompareTo(b.Index));
        if (added.Count == 0) return new HealOutcome([], decoded.BytesFetched, uploaded, "no holder acknowledged any new block") { PeakFreshBlockBytes = peak };

        var reason = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"heal: redundancy {survey.Measurement.Redundancy:F2} below {settings.Policy.HealBelow}");
        var failure = await AmendAsync(ticket, membership, reason, added, cancellation).ConfigureAwait(false);
        if (failure is null) await ProbeAsync(new HealPoint(HealStep.AmendmentSubmitted, added.Count), cancellation).ConfigureAwait(false);
        return new HealOutcome(failure is null ? added : [], decoded.BytesFetched, uploaded, failure) { PeakFreshBlockBytes = peak };
    }

    private Task ProbeAsync(HealPoint point, CancellationToken cancellation) =>
        settings.Probe is { } probe ? probe(point, cancellation) : Task.CompletedTask;

    /// <summary>Gets a verifier's signature (the first of the epoch's verifiers that gives one) and submits the amendment. Null when it landed.</summary>
    private async Task<string?> AmendAsync(ArtworkTicket ticket, Membership membership, string reason, IReadOnlyList<TicketBlock> added, CancellationToken cancellation)
    {
        var epoch = membership.Head;
        var custodians = Custody.Custodians(ticket.ArtworkId, epoch, membership.ById.Values, settings.CustodyVerifiers);
        if (custodians.Count < 2 || custodians[0] != nodeId) return $"this node is not the custodian primary of epoch {epoch.Height}";
        // The heal was planned from this ticket: the chain refuses the amendment if another landed since (stale-ticket).
        var request = new VerifyAmendmentRequest(ticket.ArtworkId, epoch.Height, ticket.Amendments.Count, nodeId, reason, added);
        VerifyAmendmentResponse? signed = null;
        var refusals = new List<string>();
        foreach (var verifier in custodians.Skip(1))
        {
            try
            {
                signed = await peers.VerifyAmendmentAsync(membership.ById[verifier], request, settings.CheckTimeout, cancellation).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                refusals.Add($"{verifier[..12]}: {e.Message}");
            }
        }
        if (signed is null) return "no custody verifier signed the amendment (" + string.Join("; ", refusals) + ")";
        await ProbeAsync(new HealPoint(HealStep.AmendmentSigned, added.Count), cancellation).ConfigureAwait(false);

        var payload = new AmendArtwork(ticket.ArtworkId, epoch.Height, ticket.Amendments.Count, added, reason, signed.VerifierPublicKey, signed.Signature);
        // Signed with the node's key, which its storage and challenge reports use too: the node's one sender gives the
        // submission its turn among them.
        var result = await sender.SendAsync(payload, cancellation).ConfigureAwait(false);
        return result.Accepted ? null : $"the chain refused the amendment: {result.Rejection}";
    }
}
