using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Akka.Actor;
using Fountain.Chain.Model;
using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Node.Concurrency;
using Fountain.Node.Network;
using Fountain.Node.Peers;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.BlockPlacement;

/// <summary>
/// The one way fresh blocks are made and placed (DESIGN.md, the data path: "blocks ──placement──► r holders per block"),
/// for a store session and a heal alike. The encoders (<see cref="CodecWorkerActor"/>s on the codec's dedicated
/// dispatcher) hand each block to a bounded queue; <c>parallelism</c> placers put each on its selected holders
/// (<see cref="Placement.HoldersOf"/>) through the <see cref="IPeers"/> port, at most <c>parallelism</c> uploads in
/// flight. A full queue holds the encoders back, so a run holds at most queue + parallelism blocks (and one per waiting
/// encoder) in memory, whatever the archive's size. A holder that refuses or fails is logged and not listed as
/// acknowledging; there is no substitute (another node would refuse a block it is not selected for), and the caller
/// decides what is enough. Cancelling stops the encoders through the token they carry and the placers through theirs;
/// every pooled buffer is returned either way.
/// </summary>
internal sealed class PlacementPipeline(ActorSystem actors, IPeers peers, ILogger log)
{
    /// <summary>
    /// Makes and places the job's blocks. Throws what the encoders threw (Akka's <c>AskTimeoutException</c> when they
    /// did not finish within <see cref="PlacementJob.EncodeTimeout"/>: they may still be reading the archive), or
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellation"/> fired.
    /// </summary>
    public async Task<PlacementOutcome> RunAsync(PlacementJob job, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(job);
        using var run = new PlacementRun(job, this, cancellation);
        var placers = Enumerable.Range(0, job.Parallelism).Select(_ => Task.Run(run.PlaceLoopAsync, CancellationToken.None)).ToList();
        // Placers end only when the queue is complete or the run aborted; should they all end otherwise, the encoders
        // must not wait forever on a queue nobody reads (their threads would then block the codec dispatcher).
        _ = Task.WhenAll(placers).ContinueWith(_ => run.AbortUnlessComplete(), TaskScheduler.Default);

        Exception? failure = null;
        try
        {
            await EncodeAsync(job, run.Sink, run.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
            run.Abort();
        }
        run.Complete();
        await Task.WhenAll(placers).ConfigureAwait(false);
        run.DropLeftovers();
        cancellation.ThrowIfCancellationRequested();
        // Encoders stopped because the run had all it wanted did not fail.
        if (failure is not null && !(failure is OperationCanceledException && run.HasEnough)) ExceptionDispatchInfo.Throw(failure);
        return run.Outcome();
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
            // Whatever went wrong with one holder (refusal, timeout, unreachable, a local write error), the run goes on:
            // the block lists the holder as not acknowledging.
            log.LogWarning("holder {Holder} did not take block {Block}: {Reason}", holderId, blockId, e.Message);
            return false;
        }
    }

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

    /// <summary>One run's queue, counters and results, shared by the encoders' sink (on codec threads) and the placers.</summary>
    private sealed class PlacementRun : IDisposable
    {
        /// <summary>A fresh block between the encoders and the placers: a pooled buffer, returned once the block is placed or dropped.</summary>
        private sealed record FreshBlock(uint Index, Hash256 Id, byte[] Buffer, int Length, IReadOnlyList<string> Selected);

        private readonly PlacementJob _job;
        private readonly PlacementPipeline _pipeline;
        private readonly CancellationToken _caller;
        private readonly CancellationTokenSource _abort;
        private readonly Channel<FreshBlock> _queue;
        private readonly SemaphoreSlim _uploads;
        private readonly ConcurrentBag<PlacedBlock> _placed = [];
        private int _claimed;
        private int _acknowledged;
        private long _uploaded;
        private long _held;
        private long _peakHeld;
        private volatile bool _enough;

        public PlacementRun(PlacementJob job, PlacementPipeline pipeline, CancellationToken caller)
        {
            _job = job;
            _pipeline = pipeline;
            _caller = caller;
            _abort = CancellationTokenSource.CreateLinkedTokenSource(caller);
            _queue = Channel.CreateBounded<FreshBlock>(new BoundedChannelOptions(job.QueueBlocks)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleWriter = Math.Min(job.Encoders, job.Count) <= 1,
            });
            _uploads = new SemaphoreSlim(job.Parallelism);
        }

        /// <summary>The encoders' and placers' token: the caller's, or the run's own once it has enough or failed.</summary>
        public CancellationToken Token => _abort.Token;

        /// <summary>Whether the run stopped because it had the blocks it wanted.</summary>
        public bool HasEnough => _enough;

        /// <summary>Takes a block from an encoder; runs on a codec thread.</summary>
        public string? Sink(BlockHeader header, Hash256 id, ReadOnlySpan<byte> block)
        {
            var selected = Placement.HoldersOf(id, _job.Membership.EligibleIds, _job.HoldersPerBlock);
            if (_job.Reachable is { } reachable && !selected.Any(reachable.Contains)) return null;
            var buffer = ArrayPool<byte>.Shared.Rent(block.Length);
            block.CopyTo(buffer);
            var item = new FreshBlock(header.BlockIndex, id, buffer, block.Length, selected);
            PeakCounter.Raise(ref _peakHeld, Interlocked.Add(ref _held, item.Length));
            try
            {
                // Waiting here when the queue is full is the back-pressure that bounds memory.
                if (!_queue.Writer.TryWrite(item)) _queue.Writer.WriteAsync(item, _abort.Token).AsTask().GetAwaiter().GetResult();
            }
            catch
            {
                Release(item);
                throw;
            }
            return null;
        }

        public async Task PlaceLoopAsync()
        {
            try
            {
                await foreach (var block in _queue.Reader.ReadAllAsync(_abort.Token).ConfigureAwait(false))
                {
                    try
                    {
                        await PlaceAsync(block).ConfigureAwait(false);
                    }
                    finally
                    {
                        Release(block);
                    }
                }
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                // The run has what it wants, failed or was cancelled; RunAsync drops what is left in the queue.
            }
        }

        private async Task PlaceAsync(FreshBlock block)
        {
            if (_job.Want is { } cap && Interlocked.Increment(ref _claimed) > cap)
            {
                Interlocked.Decrement(ref _claimed);
                return;
            }
            var targets = block.Selected.Where(h => _job.Reachable?.Contains(h) ?? true).ToList();
            var acks = await Task.WhenAll(targets.Select(h => PlaceOnAsync(h, block))).ConfigureAwait(false);
            var acknowledged = targets.Where((_, i) => acks[i]).ToList();
            Interlocked.Add(ref _uploaded, (long)block.Length * acknowledged.Count);
            _placed.Add(new PlacedBlock(block.Index, block.Id, block.Selected, acknowledged));
            if (acknowledged.Count == 0)
            {
                if (_job.Want is not null) Interlocked.Decrement(ref _claimed);
                return;
            }
            int placed = Interlocked.Increment(ref _acknowledged);
            if (_job.Want is { } want && placed >= want)
            {
                // Enough: the encoders stop, and what is still queued is dropped.
                _enough = true;
                TryCancel(_abort);
            }
            if (_job.BlockPlaced is { } told) await told(placed, _caller).ConfigureAwait(false);
        }

        private async Task<bool> PlaceOnAsync(string holderId, FreshBlock block)
        {
            var bytes = block.Buffer.AsMemory(0, block.Length);
            await _uploads.WaitAsync(_abort.Token).ConfigureAwait(false);
            try
            {
                if (_job.Own is { } own && holderId == own.NodeId)
                    return await _pipeline.TryAsync(holderId, block.Id, () => own.PlaceAsync(block.Id, bytes, _abort.Token), _abort.Token).ConfigureAwait(false);
                return _job.Membership.ById.TryGetValue(holderId, out var holder)
                    && await _pipeline.TryPlaceAsync(holder, block.Id, bytes, _abort.Token).ConfigureAwait(false);
            }
            finally
            {
                _uploads.Release();
            }
        }

        public void Abort() => TryCancel(_abort);

        public void AbortUnlessComplete()
        {
            if (!_queue.Reader.Completion.IsCompleted) TryCancel(_abort);
        }

        public void Complete() => _queue.Writer.TryComplete();

        public void DropLeftovers()
        {
            while (_queue.Reader.TryRead(out var left)) Release(left);
        }

        public PlacementOutcome Outcome() =>
            new(_placed.OrderBy(b => b.Index).ToList(), Interlocked.Read(ref _uploaded), Interlocked.Read(ref _peakHeld));

        private void Release(FreshBlock block)
        {
            Interlocked.Add(ref _held, -block.Length);
            ArrayPool<byte>.Shared.Return(block.Buffer);
        }

        public void Dispose()
        {
            _abort.Dispose();
            _uploads.Dispose();
        }
    }
}
