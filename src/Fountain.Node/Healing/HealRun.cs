using System.Collections.Concurrent;
using Fountain.Actors;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Chain.Transactions;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using Fountain.Node.Actors;
using Fountain.Node.Client;
using Fountain.Node.Hosting;
using Fountain.Node.Network;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.Healing;

/// <summary>What one heal did: the amendment's blocks (empty when nothing was submitted), and its traffic.</summary>
internal sealed record HealOutcome(IReadOnlyList<TicketBlock> Added, long BytesFetched, long BytesUploaded, string? Failure);

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
internal sealed class HealRun(NodeServices node, HealingPeers peers)
{
    /// <summary>Most rounds of making and placing fresh blocks in one heal.</summary>
    private const int MaxEncodeRounds = 8;

    public async Task<HealOutcome> RunAsync(ArtworkTicket ticket, HealPlan plan, SurveyResult survey, Membership membership,
        Action<long, uint, int> started, CancellationToken cancellation)
    {
        var artworkId = Hash256.Parse(ticket.ArtworkId);
        var (decoder, fetchedBytes) = await DecodeFromSurveyAsync(ticket, artworkId, survey, membership, cancellation).ConfigureAwait(false);
        if (!decoder.IsComplete)
            return new HealOutcome([], fetchedBytes, 0, $"the archive could not be decoded from the blocks found: at least {decoder.MinimumMoreBlocks} more were needed");
        var archive = decoder.Archive;

        var c = ticket.Codec;
        var parameters = new LtParameters(c.ArchiveLength, c.SourceSymbols, c.SymbolBytes, c.SymbolsPerBlock, c.C, c.Delta);
        uint next = plan.FirstNewIndex;
        started(membership.Head.Height, next, plan.BlocksToAdd);
        long uploaded = 0;
        var acknowledged = new ConcurrentBag<TicketBlock>();
        // Each round makes the blocks still missing, drops those whose selected holders are all unreachable (they would
        // be lost at once), and places the rest; a block counts once a holder acknowledged it. A holder may refuse (its
        // view of the masternode list lags, it is full), so a round short of the plan is followed by another.
        for (int round = 0; round < MaxEncodeRounds && acknowledged.Count < plan.BlocksToAdd; round++)
        {
            int want = plan.BlocksToAdd - acknowledged.Count;
            double reachableShare = Math.Max(0.05, survey.ReachableNodes.Count / (double)Math.Max(1, membership.EligibleIds.Count));
            double survive = 1 - Math.Pow(1 - reachableShare, ticket.HoldersPerBlock);
            int count = (int)Math.Min(node.Settings.Healing.Policy.MaxBlocksPerHeal, Math.Ceiling(want / survive) + 1);
            var fresh = await EncodeAsync(archive, artworkId, parameters, next, count, cancellation).ConfigureAwait(false);
            next = checked(next + (uint)count);
            var placeable = new List<(EncodedBytes Block, IReadOnlyList<string> Holders)>();
            foreach (var block in fresh)
            {
                if (placeable.Count >= want) break;
                var holders = Placement.HoldersOf(block.Id, membership.EligibleIds, ticket.HoldersPerBlock);
                if (holders.Any(survey.ReachableNodes.Contains)) placeable.Add((block, holders));
            }
            await Parallel.ForEachAsync(placeable, new ParallelOptions { MaxDegreeOfParallelism = node.Settings.Healing.Parallelism, CancellationToken = cancellation }, async (item, ct) =>
            {
                int acks = 0;
                foreach (var holder in item.Holders.Where(survey.ReachableNodes.Contains))
                {
                    if (await PutAsync(membership.ById[holder], item.Block.Id, item.Block.Bytes, ct).ConfigureAwait(false))
                    {
                        acks++;
                        Interlocked.Add(ref uploaded, item.Block.Bytes.Length);
                    }
                }
                if (acks > 0) acknowledged.Add(new TicketBlock(item.Block.Index, item.Block.Id.ToString()));
            }).ConfigureAwait(false);
        }
        var added = acknowledged.OrderBy(b => b.Index).ToList();
        if (added.Count == 0) return new HealOutcome([], fetchedBytes, uploaded, "no holder acknowledged any new block");

        var reason = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"heal: redundancy {survey.Measurement.Redundancy:F2} below {node.Settings.Healing.Policy.HealBelow}");
        var failure = await AmendAsync(ticket, membership, reason, added, cancellation).ConfigureAwait(false);
        return new HealOutcome(failure is null ? added : [], fetchedBytes, uploaded, failure);
    }

    /// <summary>
    /// Holder maintenance (issue 7, item 1): a block the survey found on fewer than r of its selected holders is
    /// copied from a verified copy to the selected holders that lack it and are reachable. Returns the bytes moved.
    /// </summary>
    public async Task<(int Copies, long BytesMoved)> MaintainHoldersAsync(ArtworkTicket ticket, SurveyResult survey, Membership membership, int maxCopies, CancellationToken cancellation)
    {
        var artworkId = Hash256.Parse(ticket.ArtworkId);
        var work = new List<(Hash256 Id, IReadOnlyList<string> Sources, List<string> Targets)>();
        int planned = 0;
        foreach (var (blockHex, holders) in survey.HoldersByBlock.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (holders.Count >= ticket.HoldersPerBlock || planned >= maxCopies) continue;
            var id = Hash256.Parse(blockHex);
            var targets = Placement.HoldersOf(id, membership.EligibleIds, ticket.HoldersPerBlock)
                .Where(h => survey.ReachableNodes.Contains(h) && !holders.Contains(h)).Take(maxCopies - planned).ToList();
            if (targets.Count == 0) continue;
            planned += targets.Count;
            work.Add((id, holders, targets));
        }
        int copies = 0;
        long moved = 0;
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = node.Settings.Healing.Parallelism, CancellationToken = cancellation }, async (item, ct) =>
        {
            byte[]? copy = null;
            foreach (var source in item.Sources)
            {
                try { copy = peers.ClientOf(membership.ById[source]) is { } client ? await client.GetBlockAsync(item.Id, ct).ConfigureAwait(false) : null; }
                catch (Exception) when (!ct.IsCancellationRequested) { copy = null; }
                if (copy is null) continue;
                Interlocked.Add(ref moved, copy.Length);
                BlockVerifier.Verify(copy, item.Id, node.Settings.BlockLimits, artworkId, out var verified);
                if (verified is not null) break;
                copy = null;
            }
            if (copy is null) return;
            foreach (var target in item.Targets)
            {
                if (!await PutAsync(membership.ById[target], item.Id, copy, ct).ConfigureAwait(false)) continue;
                Interlocked.Increment(ref copies);
                Interlocked.Add(ref moved, copy.Length);
            }
        }).ConfigureAwait(false);
        return (copies, moved);
    }

    /// <summary>
    /// Fetches blocks from the holders the survey found (in an order drawn from the epoch seed), verifies each against
    /// its id and the artwork, and decodes until the archive is complete. A holder that serves a bad copy is skipped for
    /// that block only: the survey already distrusted the holders its spot-checks caught, and one corrupt file on a
    /// node does not make its other blocks worthless. Fetches run <c>parallelism</c> at a time.
    /// </summary>
    private async Task<(ArtworkDecoder Decoder, long BytesFetched)> DecodeFromSurveyAsync(ArtworkTicket ticket, Hash256 artworkId, SurveyResult survey, Membership membership, CancellationToken cancellation)
    {
        var decoder = new ArtworkDecoder(artworkId, node.Settings.BlockLimits);
        var random = new Random(RedundancySurvey.SeedOf(ticket.ArtworkId, membership.Head.Hash));
        var order = survey.HoldersByBlock.OrderBy(p => p.Key, StringComparer.Ordinal).OrderBy(_ => random.Next()).ToList();
        int batch = node.Settings.Healing.Parallelism;
        long fetched = 0;
        for (int i = 0; i < order.Count && !decoder.IsComplete; i += batch)
        {
            var blocks = await Task.WhenAll(order.Skip(i).Take(batch).Select(async pair =>
            {
                var blockId = Hash256.Parse(pair.Key);
                foreach (var holder in pair.Value)
                {
                    byte[]? bytes;
                    try { bytes = peers.ClientOf(membership.ById[holder]) is { } client ? await client.GetBlockAsync(blockId, cancellation).ConfigureAwait(false) : null; }
                    catch (Exception) when (!cancellation.IsCancellationRequested) { continue; }
                    if (bytes is null) continue;
                    Interlocked.Add(ref fetched, bytes.Length);
                    BlockVerifier.Verify(bytes, blockId, node.Settings.BlockLimits, artworkId, out var verified);
                    if (verified is not null) return verified;
                }
                return null;
            })).ConfigureAwait(false);
            foreach (var block in blocks)
            {
                if (block is null || decoder.IsComplete) continue;
                decoder.Add(block);
            }
        }
        return (decoder, fetched);
    }

    private sealed record EncodedBytes(uint Index, Hash256 Id, byte[] Bytes);

    /// <summary>Encodes blocks [first, first + count) on the codec's dedicated dispatcher (DESIGN.md, "Actors").</summary>
    private async Task<IReadOnlyList<EncodedBytes>> EncodeAsync(ReadOnlyMemory<byte> archive, Hash256 artworkId, LtParameters parameters, uint first, int count, CancellationToken cancellation)
    {
        var blocks = new ConcurrentBag<EncodedBytes>();
        ArtworkEncoder.BlockSink sink = (header, id, block) => { blocks.Add(new EncodedBytes(header.BlockIndex, id, block.ToArray())); return null; };
        var worker = node.Actors.ActorOf(CodecWorkerActor.Props());
        try
        {
            var reply = await worker.Ask<EncodeRange, EncodeRangeReply>(r => new EncodeRange(archive, artworkId, parameters, first, count, sink, cancellation, r),
                node.Settings.Healing.CheckTimeout).ConfigureAwait(false);
            if (reply.Error is { } error) throw error;
        }
        finally
        {
            node.Actors.Stop(worker);
        }
        return blocks.OrderBy(b => b.Index).ToList();
    }

    private async Task<bool> PutAsync(Masternode holder, Hash256 blockId, byte[] bytes, CancellationToken cancellation)
    {
        try
        {
            if (peers.ClientOf(holder) is not { } client) return false;
            await client.PutEncodedBlockAsync(blockId, bytes, cancellation).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (!cancellation.IsCancellationRequested)
        {
            node.Log.LogDebug("heal: holder {Holder} did not take block {Block}: {Reason}", holder.Id, blockId, e.Message);
            return false;
        }
    }

    /// <summary>Gets a verifier's signature (the first of the epoch's verifiers that gives one) and submits the amendment. Null when it landed.</summary>
    private async Task<string?> AmendAsync(ArtworkTicket ticket, Membership membership, string reason, IReadOnlyList<TicketBlock> added, CancellationToken cancellation)
    {
        var epoch = membership.Head;
        var custodians = Custody.Custodians(ticket.ArtworkId, epoch, membership.ById.Values, node.Settings.Healing.CustodyVerifiers);
        if (custodians.Count < 2 || custodians[0] != node.NodeId) return $"this node is not the custodian primary of epoch {epoch.Height}";
        // The heal was planned from this ticket: the chain refuses the amendment if another landed since (stale-ticket).
        var request = new VerifyAmendmentRequest(ticket.ArtworkId, epoch.Height, ticket.Amendments.Count, node.NodeId, reason, added);
        VerifyAmendmentResponse? signed = null;
        var refusals = new List<string>();
        foreach (var verifier in custodians.Skip(1))
        {
            try
            {
                signed = await new HealingClient(node, membership.ById[verifier]).VerifyAsync(request, cancellation).ConfigureAwait(false);
                break;
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                refusals.Add($"{verifier[..12]}: {e.Message}");
            }
        }
        if (signed is null) return "no custody verifier signed the amendment (" + string.Join("; ", refusals) + ")";

        var payload = new AmendArtwork(ticket.ArtworkId, epoch.Height, ticket.Amendments.Count, added, reason, signed.VerifierPublicKey, signed.Signature);
        // The node's storage reports use the same key: a send that lost the race for a nonce is sent again.
        TransactionResult? result = null;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            result = await node.Chain.Chain.SendAsync(node.Key, payload, cancellation).ConfigureAwait(false);
            if (result.Accepted || result.Rejection?.Contains("nonce", StringComparison.OrdinalIgnoreCase) != true) break;
        }
        return result!.Accepted ? null : $"the chain refused the amendment: {result.Rejection}";
    }
}
