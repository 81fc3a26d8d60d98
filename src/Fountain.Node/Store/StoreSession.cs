using System.Buffers;
using System.Collections.Concurrent;
using System.Threading.Channels;
using Akka.Actor;
using Fountain.Chain.Model;
using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Node.Api;
using Fountain.Node.Client;
using Fountain.Node.Configuration;
using Fountain.Node.Network;
using Fountain.Node.Protocol;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.Store;

/// <summary>A store session could not run at all (no masternodes to place on, the encoder failed); nothing was registered.</summary>
internal sealed class StoreSessionException(int status, string message, Exception? inner = null) : Exception(message, inner)
{
    public int Status { get; } = status;
}

/// <summary>
/// The server side of <c>fountain store</c> (issue 4, item 4): a masternode encodes an archive an owner sent
/// it and places the blocks. The flow:
/// <list type="number">
/// <item>The owner signs POST /artworks with the archive as body; the node streams it to a temporary file
/// (size-limited) and its SHA3-256 is the artwork id.</item>
/// <item>The archive is encoded on the codec's dedicated dispatcher (<see cref="CodecWorkerActor"/>), one
/// block range per codec thread. Each block goes into a bounded upload queue; a full queue holds the encoder
/// back, so a session holds at most <c>upload-queue-blocks</c> + <c>upload-parallelism</c> blocks in memory.</item>
/// <item>Each block goes to its r holders (<see cref="Placement.HoldersOf"/>) in parallel, at most
/// <c>upload-parallelism</c> uploads at once, each with <c>request-timeout</c>; a holder that fails or refuses is
/// skipped (no substitute: another node would refuse a block it is not selected for). This node's own share
/// goes through the same <see cref="BlockIntake"/> as uploads from others. The blocks are pending on every
/// holder: their artwork is not on the chain yet.</item>
/// <item>The node answers with a <see cref="TicketDraft"/>: artwork id, codec parameters, every block's index
/// and id, its selected holders and those that acknowledged it. The owner checks that enough holders did,
/// signs <c>RegisterArtwork</c> from it and submits it to the chain; the holders then find the blocks on the
/// ticket and keep them. If the owner never registers, the blocks are deleted after <c>pending-grace</c>.</item>
/// </list>
/// </summary>
/// <param name="actors">Runs the encoders: <see cref="CodecWorkerActor"/>s on the codec's dedicated dispatcher.</param>
/// <param name="intake">This node's own share of the blocks goes in through it, like an upload from another node.</param>
internal sealed class StoreSession(NodeSettings settings, ChainView chain, PeerClients clients, ActorSystem actors, BlockIntake intake, ILogger log)
{
    private sealed record QueuedBlock(BlockHeader Header, Hash256 BlockId, byte[] Buffer, int Length);

    public async Task<TicketDraft> RunAsync(string archivePath, Hash256 artworkId, Signer owner, TimeSpan timeout, CancellationToken cancellation)
    {
        var archive = MappedArchive.Open(archivePath);
        bool encoderMayStillRun = false;
        try
        {
            return await RunAsync(archive, artworkId, owner, timeout, cancellation, () => encoderMayStillRun = true).ConfigureAwait(false);
        }
        finally
        {
            // Unmapping memory a codec thread still reads would crash the process, so after an encode that did not
            // answer within the session timeout the mapping is deliberately leaked.
            if (encoderMayStillRun) log.LogError("an encoder of artwork {Artwork} did not stop within the session timeout; its archive stays mapped", artworkId);
            else ((IDisposable)archive).Dispose();
        }
    }

    private async Task<TicketDraft> RunAsync(MappedArchive archive, Hash256 artworkId, Signer owner, TimeSpan timeout, CancellationToken cancellation, Action encoderTimedOut)
    {
        var parameters = settings.Layout.LayoutFor(archive.Length);
        int count = parameters.BlockCountFor(settings.Redundancy);
        var membership = await chain.GetMembershipAsync(cancellation).ConfigureAwait(false);
        if (membership.EligibleIds.Count == 0) throw new StoreSessionException(503, "the chain lists no masternode eligible to hold blocks");

        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var queue = Channel.CreateBounded<QueuedBlock>(new BoundedChannelOptions(settings.UploadQueueBlocks) { FullMode = BoundedChannelFullMode.Wait });
        var placed = new ConcurrentDictionary<uint, DraftBlock>();
        using var uploads = new SemaphoreSlim(settings.UploadParallelism);
        var sessionClients = new ConcurrentDictionary<string, NodeClient?>(StringComparer.Ordinal);

        ArtworkEncoder.BlockSink sink = (header, id, block) =>
        {
            var buffer = ArrayPool<byte>.Shared.Rent(block.Length);
            block.CopyTo(buffer);
            var item = new QueuedBlock(header, id, buffer, block.Length);
            // Runs on a codec thread: waiting here when the queue is full is the back-pressure that bounds memory.
            if (!queue.Writer.TryWrite(item)) queue.Writer.WriteAsync(item, abort.Token).AsTask().GetAwaiter().GetResult();
            return null;
        };

        var uploaders = Enumerable.Range(0, settings.UploadParallelism)
            .Select(_ => Task.Run(() => UploadLoopAsync(queue.Reader, membership, uploads, sessionClients, placed, abort.Token), CancellationToken.None))
            .ToList();
        // Uploaders end only when the queue is complete or the session aborted; should they all end otherwise, the
        // encoder must not wait forever on a queue nobody reads (its thread would then block the dispatcher's shutdown).
        _ = Task.WhenAll(uploaders).ContinueWith(_ => { if (!queue.Reader.Completion.IsCompleted) TryCancel(abort); }, TaskScheduler.Default);

        Exception? failure = null;
        try
        {
            await EncodeOnCodecDispatcherAsync(archive.Memory, artworkId, parameters, count, sink, timeout, abort.Token, encoderTimedOut).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = e;
            abort.Cancel();
        }
        queue.Writer.TryComplete();
        await Task.WhenAll(uploaders).ConfigureAwait(false);
        while (queue.Reader.TryRead(out var left)) ArrayPool<byte>.Shared.Return(left.Buffer);
        if (failure is not null)
        {
            if (failure is OperationCanceledException && cancellation.IsCancellationRequested) throw failure;
            throw new StoreSessionException(500, $"encoding the archive failed: {failure.Message}", failure);
        }

        var codec = new CodecParameters("v1", parameters.ArchiveLength, parameters.SourceSymbols, parameters.SymbolBytes, parameters.SymbolsPerBlock, parameters.C, parameters.Delta);
        var blocks = placed.Values.OrderBy(b => b.Index).ToList();
        log.LogInformation("store session for artwork {Artwork}: {Blocks} blocks, {Placed} placed on at least one holder, fewest acknowledgements {Min}",
            artworkId, blocks.Count, blocks.Count(b => b.AcknowledgedBy.Count > 0), blocks.Count == 0 ? 0 : blocks.Min(b => b.AcknowledgedBy.Count));
        return new TicketDraft(artworkId.ToString(), owner.PublicKeyBase64, codec, settings.HoldersPerBlock, blocks);
    }

    private static void TryCancel(CancellationTokenSource source)
    {
        try { source.Cancel(); }
        catch (ObjectDisposedException) { }
    }

    private async Task EncodeOnCodecDispatcherAsync(ReadOnlyMemory<byte> archive, Hash256 artworkId, Codec.Lt.LtParameters parameters, int count,
        ArtworkEncoder.BlockSink sink, TimeSpan timeout, CancellationToken cancellation, Action encoderTimedOut)
    {
        int workers = Math.Min(settings.CodecThreads, count);
        var asks = new List<Task<EncodeRangeReply>>();
        var workerActors = new List<IActorRef>();
        try
        {
            int first = 0;
            for (int w = 0; w < workers; w++)
            {
                int share = count / workers + (w < count % workers ? 1 : 0);
                var worker = actors.ActorOf(CodecWorkerActor.Props());
                workerActors.Add(worker);
                uint firstIndex = (uint)(first + 1);
                // The ask is not cancelled with the session: a cancelled session stops the encoder through the token it
                // carries, and the ask completes when the worker has really stopped reading the archive.
                asks.Add(worker.Ask<EncodeRangeReply>(new EncodeRange(archive, artworkId, parameters, firstIndex, share, sink, cancellation), timeout));
                first += share;
            }
            EncodeRangeReply[] replies;
            try
            {
                replies = await Task.WhenAll(asks).ConfigureAwait(false);
            }
            catch (AskTimeoutException)
            {
                encoderTimedOut();
                throw;
            }
            foreach (var reply in replies)
            {
                if (reply.Error is { } error) throw error;
            }
        }
        finally
        {
            foreach (var worker in workerActors) actors.Stop(worker);
        }
    }

    private async Task UploadLoopAsync(ChannelReader<QueuedBlock> queue, Membership membership, SemaphoreSlim uploads,
        ConcurrentDictionary<string, NodeClient?> sessionClients, ConcurrentDictionary<uint, DraftBlock> placed, CancellationToken cancellation)
    {
        try
        {
            await foreach (var block in queue.ReadAllAsync(cancellation).ConfigureAwait(false))
            {
                try
                {
                    var holders = Placement.HoldersOf(block.BlockId, membership.EligibleIds, settings.HoldersPerBlock);
                    var acks = await Task.WhenAll(holders.Select(h => PlaceOnAsync(h, block, membership, uploads, sessionClients, cancellation))).ConfigureAwait(false);
                    var acknowledged = holders.Where((_, i) => acks[i]).ToList();
                    placed[block.Header.BlockIndex] = new DraftBlock(block.Header.BlockIndex, block.BlockId.ToString(), holders, acknowledged);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(block.Buffer);
                }
            }
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The session was aborted; the caller drains the queue.
        }
    }

    private async Task<bool> PlaceOnAsync(string holderId, QueuedBlock block, Membership membership, SemaphoreSlim uploads,
        ConcurrentDictionary<string, NodeClient?> sessionClients, CancellationToken cancellation)
    {
        await uploads.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            var bytes = block.Buffer.AsMemory(0, block.Length);
            if (holderId == clients.Key.Id)
            {
                // The same intake as an upload from another node, on a copy: an intake whose write times out abandons
                // its buffer (the holder may still read it), while the session returns the queued one to the pool.
                using var body = new BufferedBody(CopyForIntake(bytes), block.Length, block.BlockId.ToString()); // the encoder's id is the block's hash
                var result = await intake.OfferAsync(block.BlockId, body, new Signer(clients.Key.Id, clients.Key.PublicKeyBase64), cancellation).ConfigureAwait(false);
                if (!result.Accepted) log.LogWarning("this node refused its own block {Block}: {Reason}", block.BlockId, result.Reason);
                return result.Accepted;
            }
            var client = sessionClients.GetOrAdd(holderId, id => membership.ById.TryGetValue(id, out var m) ? clients.To(m.Endpoint) : null);
            if (client is null) return false;
            await client.PutEncodedBlockAsync(block.BlockId, bytes, cancellation).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            // Whatever went wrong with one holder (refusal, timeout, unreachable, a local write error), the session
            // goes on: the draft records the holder as not acknowledging, and the owner decides.
            log.LogWarning("holder {Holder} did not take block {Block}: {Reason}", holderId, block.BlockId, e.Message);
            return false;
        }
        finally
        {
            uploads.Release();
        }
    }

    private static byte[] CopyForIntake(ReadOnlyMemory<byte> bytes)
    {
        var copy = ArrayPool<byte>.Shared.Rent(bytes.Length);
        bytes.Span.CopyTo(copy);
        return copy;
    }
}
