using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Fountain.Actors;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Chain.Transactions;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using Fountain.Node.Actors;
using Fountain.Node.Api;
using Fountain.Node.Client;
using Fountain.Node.Hosting;
using Fountain.Node.Network;
using Microsoft.Extensions.Logging;

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
internal sealed class HealRun(NodeServices node, HealingPeers peers)
{
    /// <summary>Most rounds of making and placing fresh blocks in one heal.</summary>
    private const int MaxEncodeRounds = 8;

    public async Task<HealOutcome> RunAsync(ArtworkTicket ticket, HealPlan plan, SurveyResult survey, Membership membership,
        Action<HealStarting> started, CancellationToken cancellation)
    {
        var artworkId = Hash256.Parse(ticket.ArtworkId);
        var decoded = await DecodeFromSurveyAsync(ticket, artworkId, survey, membership, cancellation).ConfigureAwait(false);
        if (decoded.Archive is not { } archive)
            return new HealOutcome([], decoded.BytesFetched, 0, $"the archive could not be decoded from the blocks found: at least {decoded.MissingBlocks} more were needed");
        await ProbeAsync(new HealPoint(HealStep.Decoded, 0), cancellation).ConfigureAwait(false);

        var c = ticket.Codec;
        var parameters = new LtParameters(c.ArchiveLength, c.SourceSymbols, c.SymbolBytes, c.SymbolsPerBlock, c.C, c.Delta);
        uint next = plan.FirstNewIndex;
        started(new HealStarting(membership.Head.Height, next, plan.BlocksToAdd, ticket.Amendments.Count));
        var placement = new PlacementTally();
        // Each round makes the blocks still missing and places them as they come out of the encoder; a block counts
        // once a holder acknowledged it. A holder may refuse (its view of the masternode list lags, it is full), so a
        // round short of the plan is followed by another, with the next indices.
        for (int round = 0; round < MaxEncodeRounds && placement.Acknowledged.Count < plan.BlocksToAdd; round++)
        {
            int want = plan.BlocksToAdd - placement.Acknowledged.Count;
            double reachableShare = Math.Max(0.05, survey.ReachableNodes.Count / (double)Math.Max(1, membership.EligibleIds.Count));
            double survive = 1 - Math.Pow(1 - reachableShare, ticket.HoldersPerBlock);
            int count = (int)Math.Min(node.Settings.Healing.Policy.MaxBlocksPerHeal, Math.Ceiling(want / survive) + 1);
            await PlaceRoundAsync(archive, artworkId, parameters, next, count, want, ticket, survey, membership, placement, cancellation).ConfigureAwait(false);
            next = checked(next + (uint)count);
        }
        var added = placement.Acknowledged.OrderBy(b => b.Index).ToList();
        long uploaded = Interlocked.Read(ref placement.BytesUploaded);
        long peak = Interlocked.Read(ref placement.PeakHeldBytes);
        if (added.Count == 0) return new HealOutcome([], decoded.BytesFetched, uploaded, "no holder acknowledged any new block") { PeakFreshBlockBytes = peak };

        var reason = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"heal: redundancy {survey.Measurement.Redundancy:F2} below {node.Settings.Healing.Policy.HealBelow}");
        var failure = await AmendAsync(ticket, membership, reason, added, cancellation).ConfigureAwait(false);
        if (failure is null) await ProbeAsync(new HealPoint(HealStep.AmendmentSubmitted, added.Count), cancellation).ConfigureAwait(false);
        return new HealOutcome(failure is null ? added : [], decoded.BytesFetched, uploaded, failure) { PeakFreshBlockBytes = peak };
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
            var placed = Placement.HoldersOf(id, membership.EligibleIds, ticket.HoldersPerBlock);
            // When this custodian is itself a placed holder that lacks the block, it cannot fetch it (Api.HolderReadRule:
            // the other holders refuse a placed holder, and an exemption for custodians would be one for any cheater that is
            // custodian this epoch). It leaves the block for a later epoch's custodian, a different node with probability
            // (n-1)/n per epoch, which then copies it here too. Exposure: the block stays one holder short for those epochs.
            bool selfPlaced = placed.Contains(node.NodeId);
            if (selfPlaced && !holders.Contains(node.NodeId)) continue;
            var targets = placed.Where(h => survey.ReachableNodes.Contains(h) && !holders.Contains(h)).Take(maxCopies - planned).ToList();
            if (targets.Count == 0) continue;
            planned += targets.Count;
            work.Add((id, selfPlaced ? [node.NodeId] : holders, targets));
        }
        int copies = 0;
        long moved = 0;
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = node.Settings.Healing.Parallelism, CancellationToken = cancellation }, async (item, ct) =>
        {
            byte[]? copy = item.Sources.Contains(node.NodeId) ? Challenges.VerifiedBlockCopy.ReadLocal(node.Store, item.Id) : null;
            foreach (var source in copy is null ? item.Sources.Where(s => s != node.NodeId) : [])
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

    private sealed record DecodeResult(ReadOnlyMemory<byte>? Archive, int MissingBlocks, long BytesFetched);

    /// <summary>
    /// Fetches blocks from the holders the survey found (in an order drawn from the epoch seed), <c>parallelism</c> at a
    /// time on the thread pool, and hands each batch to a <see cref="CodecDecoderActor"/> on the codec dispatcher, which
    /// verifies every block against its id and the artwork and decodes, until the archive is complete. A holder that
    /// served a bad copy is skipped for that block only (the block is fetched again from its next holder): the survey
    /// already distrusted the holders its spot-checks caught, and one corrupt file on a node does not make its other
    /// blocks worthless.
    /// </summary>
    private async Task<DecodeResult> DecodeFromSurveyAsync(ArtworkTicket ticket, Hash256 artworkId, SurveyResult survey, Membership membership, CancellationToken cancellation)
    {
        var random = new Random(RedundancySurvey.SeedOf(ticket.ArtworkId, membership.Head.Hash));
        var pending = new Queue<(Hash256 Id, IReadOnlyList<string> Holders, int NextHolder)>(survey.HoldersByBlock
            .OrderBy(p => p.Key, StringComparer.Ordinal).OrderBy(_ => random.Next()).Select(p => (Hash256.Parse(p.Key), p.Value, 0)));
        int batchSize = node.Settings.Healing.Parallelism;
        long fetchedBytes = 0;
        int missing = 1;
        var decoder = node.Actors.ActorOf(CodecDecoderActor.Props(artworkId, node.Settings.BlockLimits));
        try
        {
            while (pending.Count > 0)
            {
                var batch = new List<(Hash256 Id, IReadOnlyList<string> Holders, int NextHolder)>();
                while (batch.Count < batchSize && pending.TryDequeue(out var item)) batch.Add(item);
                var fetched = await Task.WhenAll(batch.Select(async item =>
                {
                    // This node's own copy first; and a block this node is a placed holder of is never fetched: the other
                    // holders refuse it that (Api.HolderReadRule), and the decode needs only some of the blocks.
                    if (item.NextHolder == 0 && Challenges.VerifiedBlockCopy.ReadLocal(node.Store, item.Id) is { } local)
                        return (item.Id, item.Holders, Holder: item.Holders.Count, Bytes: (byte[]?)local);
                    if (HolderReadRule.IsPlacedHolder(node.NodeId, item.Id, membership.EligibleIds, ticket.HoldersPerBlock))
                        return (item.Id, item.Holders, Holder: item.Holders.Count, Bytes: (byte[]?)null);
                    for (int h = item.NextHolder; h < item.Holders.Count; h++)
                    {
                        byte[]? bytes;
                        try { bytes = peers.ClientOf(membership.ById[item.Holders[h]]) is { } client ? await client.GetBlockAsync(item.Id, cancellation).ConfigureAwait(false) : null; }
                        catch (Exception) when (!cancellation.IsCancellationRequested) { continue; }
                        if (bytes is null) continue;
                        Interlocked.Add(ref fetchedBytes, bytes.Length);
                        return (item.Id, item.Holders, Holder: h, Bytes: bytes);
                    }
                    return (item.Id, item.Holders, Holder: item.Holders.Count, Bytes: (byte[]?)null);
                })).ConfigureAwait(false);
                var blocks = fetched.Where(f => f.Bytes is not null).Select(f => new FetchedBlock(f.Id, f.Bytes!)).ToList();
                if (blocks.Count == 0) continue;
                var reply = await decoder.Ask<DecodeBlocks, DecodeBlocksReply>(r => new DecodeBlocks(blocks, cancellation, r), node.Settings.Healing.CheckTimeout, cancellation).ConfigureAwait(false);
                if (reply.Error is { } error) throw error;
                if (reply.Complete) return new DecodeResult(reply.Archive, 0, fetchedBytes);
                missing = reply.MinimumMoreBlocks;
                var rejected = reply.Rejected.ToHashSet();
                foreach (var f in fetched.Where(f => f.Bytes is not null && rejected.Contains(f.Id) && f.Holder + 1 < f.Holders.Count))
                    pending.Enqueue((f.Id, f.Holders, f.Holder + 1));
            }
            return new DecodeResult(null, missing, fetchedBytes);
        }
        finally
        {
            node.Actors.Stop(decoder);
        }
    }

    /// <summary>A fresh block between the encoder and the placers: a pooled buffer, returned once the block is placed or dropped.</summary>
    private sealed record FreshBlock(uint Index, Hash256 Id, byte[] Buffer, int Length, IReadOnlyList<string> Holders);

    /// <summary>What the placers of one heal have done so far, shared by its rounds.</summary>
    private sealed class PlacementTally
    {
        public readonly ConcurrentBag<TicketBlock> Acknowledged = [];
        public long BytesUploaded;
        public long HeldBytes;
        public long PeakHeldBytes;

        public void Hold(int bytes)
        {
            long held = Interlocked.Add(ref HeldBytes, bytes);
            long peak;
            while (held > (peak = Interlocked.Read(ref PeakHeldBytes)) && Interlocked.CompareExchange(ref PeakHeldBytes, held, peak) != peak) { }
        }

        public void Release(byte[] buffer, int bytes)
        {
            Interlocked.Add(ref HeldBytes, -bytes);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// One round: encodes blocks [first, first + count) on the codec's dedicated dispatcher into a bounded queue, and
    /// <c>parallelism</c> placers upload them as they come, like a store session (Store/StoreSession.cs). The encoder
    /// waits while the queue is full, so the heal holds at most <c>placement-queue-blocks</c> + <c>parallelism</c>
    /// fresh blocks, not the round's whole output. A block none of whose selected holders is reachable would be lost
    /// at once: it is dropped as it is made, without a copy. The round stops encoding once <paramref name="want"/>
    /// blocks are acknowledged; a placer takes a block only while fewer than that are acknowledged or being placed,
    /// so a round never lists more than it wants.
    /// </summary>
    private async Task PlaceRoundAsync(ReadOnlyMemory<byte> archive, Hash256 artworkId, LtParameters parameters, uint first, int count, int want,
        ArtworkTicket ticket, SurveyResult survey, Membership membership, PlacementTally tally, CancellationToken cancellation)
    {
        var settings = node.Settings.Healing;
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var queue = Channel.CreateBounded<FreshBlock>(new BoundedChannelOptions(settings.PlacementQueueBlocks) { FullMode = BoundedChannelFullMode.Wait, SingleWriter = true });
        int claimed = 0;
        int acknowledgedBefore = tally.Acknowledged.Count;

        ArtworkEncoder.BlockSink sink = (header, id, block) =>
        {
            var holders = Placement.HoldersOf(id, membership.EligibleIds, ticket.HoldersPerBlock);
            if (!holders.Any(survey.ReachableNodes.Contains)) return null;
            var buffer = ArrayPool<byte>.Shared.Rent(block.Length);
            tally.Hold(block.Length);
            block.CopyTo(buffer);
            var item = new FreshBlock(header.BlockIndex, id, buffer, block.Length, holders);
            // Runs on a codec thread: waiting here when the queue is full is the back-pressure that bounds memory.
            try
            {
                if (!queue.Writer.TryWrite(item)) queue.Writer.WriteAsync(item, abort.Token).AsTask().GetAwaiter().GetResult();
            }
            catch
            {
                tally.Release(buffer, block.Length);
                throw;
            }
            return null;
        };

        async Task PlaceLoopAsync()
        {
            try
            {
                await foreach (var block in queue.Reader.ReadAllAsync(abort.Token).ConfigureAwait(false))
                {
                    try
                    {
                        if (Interlocked.Increment(ref claimed) > want)
                        {
                            Interlocked.Decrement(ref claimed);
                            continue;
                        }
                        int acks = 0;
                        foreach (var holder in block.Holders.Where(survey.ReachableNodes.Contains))
                        {
                            if (!await PutAsync(membership.ById[holder], block.Id, block.Buffer.AsMemory(0, block.Length), abort.Token).ConfigureAwait(false)) continue;
                            acks++;
                            Interlocked.Add(ref tally.BytesUploaded, block.Length);
                        }
                        if (acks == 0)
                        {
                            Interlocked.Decrement(ref claimed);
                            continue;
                        }
                        tally.Acknowledged.Add(new TicketBlock(block.Index, block.Id.ToString()));
                        int placed = tally.Acknowledged.Count;
                        if (placed - acknowledgedBefore >= want) TryCancel(abort); // enough: the encoder stops, the queue is dropped
                        await ProbeAsync(new HealPoint(HealStep.BlockPlaced, placed), cancellation).ConfigureAwait(false);
                    }
                    finally
                    {
                        tally.Release(block.Buffer, block.Length);
                    }
                }
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested && !cancellation.IsCancellationRequested)
            {
                // The round has what it wants; the caller drains the queue.
            }
        }

        var placers = Enumerable.Range(0, settings.Parallelism).Select(_ => Task.Run(PlaceLoopAsync, CancellationToken.None)).ToList();
        // Placers end only when the queue is complete or the round aborted; should they all end otherwise, the encoder
        // must not wait forever on a queue nobody reads (its thread would then block the codec dispatcher).
        _ = Task.WhenAll(placers).ContinueWith(_ => { if (!queue.Reader.Completion.IsCompleted) TryCancel(abort); }, TaskScheduler.Default);

        Exception? failure = null;
        var worker = node.Actors.ActorOf(CodecWorkerActor.Props());
        try
        {
            // The ask is not cancelled with the heal: a cancelled heal stops the encoder through the token it carries,
            // and the ask completes when the worker has really stopped reading the archive.
            var reply = await worker.Ask<EncodeRange, EncodeRangeReply>(r => new EncodeRange(archive, artworkId, parameters, first, count, sink, abort.Token, r),
                settings.CheckTimeout).ConfigureAwait(false);
            failure = reply.Error;
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            node.Actors.Stop(worker);
        }
        if (failure is not null) TryCancel(abort);
        queue.Writer.TryComplete();
        await Task.WhenAll(placers).ConfigureAwait(false);
        while (queue.Reader.TryRead(out var left)) tally.Release(left.Buffer, left.Length);
        cancellation.ThrowIfCancellationRequested();
        // An encoder stopped because the round had what it wanted is not a failure.
        if (failure is not null && !(failure is OperationCanceledException && abort.IsCancellationRequested)) throw failure;
    }

    private static void TryCancel(CancellationTokenSource source)
    {
        try { source.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    private Task ProbeAsync(HealPoint point, CancellationToken cancellation) =>
        node.Settings.Healing.Probe is { } probe ? probe(point, cancellation) : Task.CompletedTask;

    private async Task<bool> PutAsync(Masternode holder, Hash256 blockId, ReadOnlyMemory<byte> bytes, CancellationToken cancellation)
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
        await ProbeAsync(new HealPoint(HealStep.AmendmentSigned, added.Count), cancellation).ConfigureAwait(false);

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
