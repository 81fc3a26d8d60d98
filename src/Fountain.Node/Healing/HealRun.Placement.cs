using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Akka.Actor;
using Fountain.Chain.Model;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using Fountain.Node.Network;

namespace Fountain.Node.Healing;

/// <summary>A heal's placement rounds: fresh blocks streamed from the encoder through a bounded queue to the placers.</summary>
internal sealed partial class HealRun
{
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
            PeakCounter.Raise(ref PeakHeldBytes, Interlocked.Add(ref HeldBytes, bytes));
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
        var worker = actors.ActorOf(CodecWorkerActor.Props());
        try
        {
            // The ask is not cancelled with the heal: a cancelled heal stops the encoder through the token it carries,
            // and the ask completes when the worker has really stopped reading the archive.
            var reply = await worker.Ask<EncodeRangeReply>(new EncodeRange(archive, artworkId, parameters, first, count, sink, abort.Token),
                settings.CheckTimeout).ConfigureAwait(false);
            failure = reply.Error;
        }
        catch (Exception e)
        {
            failure = e;
        }
        finally
        {
            actors.Stop(worker);
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
}
