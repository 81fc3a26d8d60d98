using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Akka.Actor;
using Fountain.Chain.Model;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Node.Concurrency;
using Fountain.Node.Network;
using Fountain.Node.Peers;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.BlockPlacement;

/// <summary>
/// The one way fresh blocks are made and placed, for a store session and a heal alike. The encoders
/// (<see cref="CodecWorkerActor"/>s on the codec's dedicated dispatcher) hand each block to a bounded queue;
/// <c>parallelism</c> placers put each on its selected holders (<see cref="Placement.HoldersOf"/>) through the
/// <see cref="IPeers"/> port, at most <c>parallelism</c> uploads in flight. A full queue holds the encoders back, so a run
/// holds at most queue + parallelism blocks (and one per waiting encoder), whatever the archive's size. A holder that
/// refuses or fails is logged and not listed as acknowledging; there is no substitute (another node would refuse a block
/// it is not selected for), and the caller decides what is enough. Cancelling stops the encoders through the token they
/// carry and the placers through theirs; every pooled buffer is returned either way.
/// </summary>
internal sealed class PlacementPipeline(ActorSystem actors, IPeers peers, ILogger log)
{
    /// <summary>A fresh block between the encoders and the placers: a pooled buffer, returned once the block is placed or dropped.</summary>
    private sealed record FreshBlock(uint Index, Hash256 Id, byte[] Buffer, int Length, IReadOnlyList<string> Selected);

    /// <summary>
    /// Makes and places the job's blocks. Throws what the encoders threw (Akka's <c>AskTimeoutException</c> when they did
    /// not answer within <see cref="PlacementJob.EncodeTimeout"/>: they may still read the archive), or
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellation"/> fired.
    /// </summary>
    public async Task<PlacementOutcome> RunAsync(PlacementJob job, CancellationToken cancellation)
    {
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var uploads = new SemaphoreSlim(job.Parallelism);
        var queue = Channel.CreateBounded<FreshBlock>(new BoundedChannelOptions(job.QueueBlocks)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = Math.Min(job.Encoders, job.Count) <= 1,
        });
        var placed = new ConcurrentBag<PlacedBlock>();
        int claimed = 0, acknowledged = 0;
        long uploaded = 0, held = 0, peakHeld = 0;
        bool enough = false;

        void Release(FreshBlock block)
        {
            Interlocked.Add(ref held, -block.Length);
            ArrayPool<byte>.Shared.Return(block.Buffer);
        }

        ArtworkEncoder.BlockSink sink = (header, id, block) =>
        {
            var selected = Placement.HoldersOf(id, job.Membership.EligibleIds, job.HoldersPerBlock);
            if (job.Reachable is { } reachable && !selected.Any(reachable.Contains)) return null;
            var item = new FreshBlock(header.BlockIndex, id, ArrayPool<byte>.Shared.Rent(block.Length), block.Length, selected);
            block.CopyTo(item.Buffer);
            PeakCounter.Raise(ref peakHeld, Interlocked.Add(ref held, item.Length));
            try
            {
                // Runs on a codec thread: waiting here when the queue is full is the back-pressure that bounds memory.
                if (!queue.Writer.TryWrite(item)) queue.Writer.WriteAsync(item, abort.Token).AsTask().GetAwaiter().GetResult();
            }
            catch
            {
                Release(item);
                throw;
            }
            return null;
        };

        async Task<bool> PlaceOnAsync(string holderId, FreshBlock block)
        {
            var bytes = block.Buffer.AsMemory(0, block.Length);
            await uploads.WaitAsync(abort.Token).ConfigureAwait(false);
            try
            {
                if (job.Own is { } own && holderId == own.NodeId)
                    return await TryAsync(holderId, block.Id, () => own.PlaceAsync(block.Id, bytes, abort.Token), abort.Token).ConfigureAwait(false);
                return job.Membership.ById.TryGetValue(holderId, out var holder) && await TryPlaceAsync(holder, block.Id, bytes, abort.Token).ConfigureAwait(false);
            }
            finally
            {
                uploads.Release();
            }
        }

        async Task PlaceAsync(FreshBlock block)
        {
            // With a wanted count, a placer takes a block only while fewer are acknowledged or being placed.
            if (job.Want is { } cap && Interlocked.Increment(ref claimed) > cap)
            {
                Interlocked.Decrement(ref claimed);
                return;
            }
            var targets = block.Selected.Where(h => job.Reachable?.Contains(h) ?? true).ToList();
            var acks = await Task.WhenAll(targets.Select(h => PlaceOnAsync(h, block))).ConfigureAwait(false);
            var by = targets.Where((_, i) => acks[i]).ToList();
            Interlocked.Add(ref uploaded, (long)block.Length * by.Count);
            placed.Add(new PlacedBlock(block.Index, block.Id, block.Selected, by));
            if (by.Count == 0)
            {
                if (job.Want is not null) Interlocked.Decrement(ref claimed);
                return;
            }
            int count = Interlocked.Increment(ref acknowledged);
            if (count >= job.Want)
            {
                enough = true;
                TryCancel(abort); // the encoders stop, and what is still queued is dropped
            }
            if (job.BlockPlaced is { } told) await told(count, cancellation).ConfigureAwait(false);
        }

        async Task PlaceLoopAsync()
        {
            try
            {
                await foreach (var block in queue.Reader.ReadAllAsync(abort.Token).ConfigureAwait(false))
                {
                    try { await PlaceAsync(block).ConfigureAwait(false); }
                    finally { Release(block); }
                }
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                // The run has what it wants, failed or was cancelled; what is left in the queue is dropped below.
            }
        }

        var placers = Enumerable.Range(0, job.Parallelism).Select(_ => Task.Run(PlaceLoopAsync, CancellationToken.None)).ToList();
        // Placers end only when the queue is complete or the run aborted; should they all end otherwise, the encoders
        // must not wait forever on a queue nobody reads (their threads would then block the codec dispatcher).
        _ = Task.WhenAll(placers).ContinueWith(_ => { if (!queue.Reader.Completion.IsCompleted) TryCancel(abort); }, TaskScheduler.Default);
        Exception? failure = null;
        try
        {
            await EncodeAsync(job, sink, abort.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
            TryCancel(abort);
        }
        queue.Writer.TryComplete();
        await Task.WhenAll(placers).ConfigureAwait(false);
        while (queue.Reader.TryRead(out var left)) Release(left);
        cancellation.ThrowIfCancellationRequested();
        // Encoders stopped because the run had all it wanted did not fail.
        if (failure is not null && !(failure is OperationCanceledException && enough)) ExceptionDispatchInfo.Throw(failure);
        return new PlacementOutcome(placed.OrderBy(b => b.Index).ToList(), uploaded, peakHeld);
    }

    /// <summary>Puts one block on one holder: false, and logged, when it refuses, fails or cannot be reached.</summary>
    public Task<bool> TryPlaceAsync(Masternode holder, Hash256 blockId, ReadOnlyMemory<byte> block, CancellationToken cancellation) =>
        TryAsync(holder.Id, blockId, async () =>
        {
            await peers.PutBlockAsync(holder, blockId, block, cancellation).ConfigureAwait(false);
            return true;
        }, cancellation);

    private async Task<bool> TryAsync(string holderId, Hash256 blockId, Func<Task<bool>> place, CancellationToken cancellation)
    {
        try
        {
            return await place().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            // Whatever went wrong with one holder (refusal, timeout, unreachable, a local write error), the work goes on.
            log.LogWarning("holder {Holder} did not take block {Block}: {Reason}", holderId, blockId, e.Message);
            return false;
        }
    }

    /// <summary>Runs the job's encoders, each on a contiguous share of its range, and throws the first error one reports.</summary>
    private async Task EncodeAsync(PlacementJob job, ArtworkEncoder.BlockSink sink, CancellationToken cancellation)
    {
        int workers = Math.Min(job.Encoders, job.Count);
        var asks = new List<Task<EncodeRangeReply>>();
        var workerActors = new List<IActorRef>();
        try
        {
            uint first = job.FirstIndex;
            for (int w = 0; w < workers; w++)
            {
                int share = job.Count / workers + (w < job.Count % workers ? 1 : 0);
                var worker = actors.ActorOf(CodecWorkerActor.Props());
                workerActors.Add(worker);
                // The ask is not cancelled with the run: a cancelled run stops the encoder through the token it carries,
                // and the ask completes when the worker has really stopped reading the archive.
                asks.Add(worker.Ask<EncodeRangeReply>(new EncodeRange(job.Archive, job.ArtworkId, job.Parameters, first, share, sink, cancellation), job.EncodeTimeout));
                first += (uint)share;
            }
            foreach (var reply in await Task.WhenAll(asks).ConfigureAwait(false))
            {
                if (reply.Error is { } error) ExceptionDispatchInfo.Throw(error);
            }
        }
        finally
        {
            foreach (var worker in workerActors) actors.Stop(worker);
        }
    }

    private static void TryCancel(CancellationTokenSource source)
    {
        try { source.Cancel(); }
        catch (ObjectDisposedException) { }
    }
}
