using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Fountain.Chain.Model;
using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Node.Network;

namespace Fountain.Node.Retrieval;

/// <summary>Progress of a retrieval, for progress bars.</summary>
public readonly record struct RetrievalProgress(int BlocksUsed, int BlocksNeededAtLeast, int FetchesFailed);

/// <summary>The outcome: the verified archive, or why not, and what it cost.</summary>
public sealed record RetrievalResult(bool Complete, ReadOnlyMemory<byte> Archive, int BlocksUsed, long BytesFetched, int FetchesFailed,
    int MinimumMoreBlocks, IReadOnlyDictionary<string, string> DistrustedHolders)
{
    /// <summary>Decodes that ended on an archive not hashing to the artwork (inconsistent blocks) before this one succeeded.</summary>
    public int ForgedSourcesSkipped { get; init; }
}

/// <summary>
/// Fetches an artwork's blocks from any of their holders, in any order, and decodes it (DESIGN.md, "retrieve").
/// Workers take blocks from a shuffled queue; for each block they ask its holders in rendezvous order, each with a
/// timeout, until one delivers a block that verifies. A holder that delivers several corrupted blocks is not asked again.
/// Verification runs on the fetching workers; one consumer peels. As soon as the archive is complete (and its
/// hash checked) every outstanding fetch is cancelled. Fetches are paced: no more are outstanding than the
/// blocks the decode can still be expected to need (K/M plus 10%, less those used, at least two), so a
/// completed decode leaves little fetched for nothing, while early on the full parallelism hides latency. Dead, slow, lying and corrupting holders cost time, never
/// correctness: nothing unverified reaches the decoder.
/// </summary>
public sealed class ArtworkRetriever(IBlockSource source, RetrievalOptions? options = null)
{
    private readonly RetrievalOptions _options = options ?? new RetrievalOptions();

    public async Task<RetrievalResult> RetrieveAsync(ArtworkTicket ticket, IReadOnlyList<Masternode> masternodes,
        IProgress<RetrievalProgress>? progress = null, CancellationToken cancellation = default)
    {
        try
        {
            return await RetrieveFromAsync(ticket, ticket.AllBlocks, masternodes, progress, cancellation);
        }
        catch (InconsistentBlocksException first)
        {
            return await RetrieveWithoutForgeriesAsync(ticket, masternodes, first, progress, cancellation);
        }
    }

    /// <summary>
    /// The slow path, taken only after the blocks decoded to an archive that is not the artwork (issue 12, hole 1): decode
    /// again from the subsets <see cref="TicketSources"/> proposes, each leaving out one source of the ticket's blocks,
    /// until one gives the artwork; then name the amendments whose blocks the archive does not encode to, and distrust
    /// their custodians. The honest path never comes here, so it pays nothing for this.
    /// </summary>
    private async Task<RetrievalResult> RetrieveWithoutForgeriesAsync(ArtworkTicket ticket, IReadOnlyList<Masternode> masternodes, InconsistentBlocksException first,
        IProgress<RetrievalProgress>? progress, CancellationToken cancellation)
    {
        var tried = new List<string> { $"all blocks: {first.Message}" };
        long bytes = 0;
        int failed = 0;
        foreach (var subset in TicketSources.AfterInconsistentDecode(ticket))
        {
            RetrievalResult attempt;
            try { attempt = await RetrieveFromAsync(ticket, subset.Blocks, masternodes, progress, cancellation); }
            catch (InconsistentBlocksException again)
            {
                tried.Add($"{subset.Description}: {again.Message}");
                continue;
            }
            bytes += attempt.BytesFetched;
            failed += attempt.FetchesFailed;
            if (!attempt.Complete) { tried.Add($"{subset.Description}: {attempt.MinimumMoreBlocks} more blocks needed"); continue; }
            var distrusted = new Dictionary<string, string>(attempt.DistrustedHolders, StringComparer.Ordinal);
            foreach (var (amendment, block) in TicketSources.InconsistentAmendments(ticket, attempt.Archive, _options.ForgeryCheckBlocksPerAmendment))
                distrusted[amendment.PrimaryId] = $"its amendment at height {amendment.AtHeight} lists block {block.Index} ({block.BlockId}), which the artwork does not encode to";
            return attempt with { BytesFetched = bytes, FetchesFailed = failed, DistrustedHolders = distrusted, ForgedSourcesSkipped = tried.Count };
        }
        throw new InconsistentBlocksException(first.ArtworkId, first.BlocksUsed, "no subset of the ticket's sources decoded to the artwork: " + string.Join("; ", tried));
    }

    private async Task<RetrievalResult> RetrieveFromAsync(ArtworkTicket ticket, IEnumerable<TicketBlock> blocks, IReadOnlyList<Masternode> masternodes,
        IProgress<RetrievalProgress>? progress, CancellationToken cancellation)
    {
        var artworkId = Hash256.Parse(ticket.ArtworkId);
        // The ticket's code: a block that describes another (a forged header under a listed id) is rejected, never decoded.
        var decoder = new ArtworkDecoder(artworkId, parameters: TicketSources.ParametersOf(ticket));
        var distrusted = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var badBlocks = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var random = _options.OrderSeed is { } seed ? new Random(seed) : new Random();
        var queue = new ConcurrentQueue<TicketBlock>(blocks.OrderBy(_ => random.Next()));
        var nodeIds = masternodes.Select(m => m.Id).ToList();
        var byId = masternodes.ToDictionary(m => m.Id, StringComparer.Ordinal);
        int holdersToTry = Math.Max(1, ticket.HoldersPerBlock + _options.ExtraHoldersToTry);
        int failed = 0, outstanding = 0;
        var stalled = new StrongBox<int>(); // outstanding fetches past HedgeAfter: they no longer hold the pace back
        long bytesFetched = 0;
        int expectedBlocks = (int)Math.Ceiling(1.1 * ticket.Codec.SourceSymbols / Math.Max(1, ticket.Codec.SymbolsPerBlock)) + 1;
        var blocksUsed = new StrongBox<int>(); // written by the consumer, read by the workers to pace themselves
        int Allowed() => Math.Clamp(expectedBlocks - Volatile.Read(ref blocksUsed.Value), 2, Math.Max(2, _options.MaxParallelFetches));
        using var slotFreed = new SemaphoreSlim(0);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var delivered = Channel.CreateBounded<VerifiedBlock>(new BoundedChannelOptions(Math.Max(1, _options.MaxParallelFetches)) { SingleReader = true });

        // Failed fetches are not queued again (FetchOne tries every holder of its block), so an empty queue means no more
        // work: a worker then ends. One that ends wakes one parked on slotFreed, which finds the queue empty and ends in
        // turn, and so on: without that cascade, workers parked when the last fetch ended would wait for good, the
        // channel would never complete, and an incomplete retrieval would hang instead of returning.
        async Task Worker()
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    while (Volatile.Read(ref outstanding) - Volatile.Read(ref stalled.Value) >= Allowed())
                    {
                        if (queue.IsEmpty) return;
                        try { await slotFreed.WaitAsync(stop.Token); }
                        catch (OperationCanceledException) { return; }
                    }
                    if (!queue.TryDequeue(out var block)) return;
                    Interlocked.Increment(ref outstanding);
                    if (!await FetchOne(block)) { Interlocked.Decrement(ref outstanding); slotFreed.Release(); }
                }
            }
            finally
            {
                slotFreed.Release();
            }
        }

        // Tries the block's holders in rendezvous order; true once one delivered a verified copy.
        async Task<bool> FetchOne(TicketBlock block)
        {
            if (!Hash256.TryParse(block.BlockId, out var blockId)) return false;
            // Every registered node, not only those eligible now: a block placed before a penalty is still where it was put.
            var holders = Placement.HoldersOf(blockId, nodeIds, holdersToTry);
            foreach (var holderId in holders)
            {
                if (stop.IsCancellationRequested) return false;
                if (distrusted.ContainsKey(holderId)) continue;
                var verified = await TryFetch(byId[holderId], blockId, artworkId, decoder.Limits, stop.Token, distrusted, badBlocks, stalled, slotFreed);
                if (verified is null) { Interlocked.Increment(ref failed); continue; }
                Interlocked.Add(ref bytesFetched, verified.Bytes.Length);
                try { await delivered.Writer.WriteAsync(verified, stop.Token); }
                catch (OperationCanceledException) { return false; }
                return true;
            }
            return false;
        }

        var workers = Enumerable.Range(0, Math.Max(1, _options.MaxParallelFetches)).Select(_ => Task.Run(Worker, CancellationToken.None)).ToList();
        _ = Task.WhenAll(workers).ContinueWith(_ => delivered.Writer.TryComplete(), TaskScheduler.Default);

        try
        {
            await foreach (var block in delivered.Reader.ReadAllAsync(cancellation))
            {
                decoder.Add(block);
                Volatile.Write(ref blocksUsed.Value, decoder.BlocksUsed);
                Interlocked.Decrement(ref outstanding);
                slotFreed.Release();
                progress?.Report(new RetrievalProgress(decoder.BlocksUsed, decoder.BlocksUsed + decoder.MinimumMoreBlocks, Volatile.Read(ref failed)));
                if (decoder.IsComplete) break;
            }
        }
        finally
        {
            stop.Cancel();
            await Task.WhenAll(workers);
        }
        return new RetrievalResult(decoder.IsComplete, decoder.IsComplete ? decoder.Archive : default, decoder.BlocksUsed,
            Interlocked.Read(ref bytesFetched), failed, decoder.MinimumMoreBlocks, new Dictionary<string, string>(distrusted));
    }

    /// <summary>One holder, one block, within the fetch timeout. Null when it failed, timed out, or lied.</summary>
    private async Task<VerifiedBlock?> TryFetch(Masternode holder, Hash256 blockId, Hash256 artworkId, BlockLimits limits,
        CancellationToken stop, ConcurrentDictionary<string, string> distrusted, ConcurrentDictionary<string, int> badBlocks, StrongBox<int> stalled, SemaphoreSlim slotFreed)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(_options.FetchTimeout);
        // Past HedgeAfter this fetch is "stalled": it stops holding the pace back and frees a slot for another fetch.
        int hedged = 0;
        using var hedge = new CancellationTokenSource(_options.HedgeAfter);
        using var onHedge = hedge.Token.Register(() =>
        {
            Interlocked.Exchange(ref hedged, 1);
            Interlocked.Increment(ref stalled.Value);
            slotFreed.Release();
        });
        byte[]? bytes;
        try { bytes = await source.FetchAsync(holder, blockId, timeout.Token); }
        // Whatever goes wrong with one fetch (refused, unreachable, broken reply, or cut off because the decode is
        // already complete) is that fetch's failure: while the retrieval runs, the block is asked of the next holder;
        // once it is over, nothing depends on it. A caller's cancellation still ends the retrieval, through the
        // consumer's own wait.
        catch (Exception) { return null; }
        finally
        {
            onHedge.Dispose(); // waits for a running callback, so the check below sees it
            if (Volatile.Read(ref hedged) == 1) Interlocked.Decrement(ref stalled.Value);
        }
        if (bytes is null) return null;
        var verdict = BlockVerifier.Verify(bytes, blockId, limits, artworkId, out var verified);
        if (verified is null)
        {
            // This block is asked of the next holder; a holder that keeps serving bad blocks is asked no more.
            if (badBlocks.AddOrUpdate(holder.Id, 1, (_, n) => n + 1) >= _options.DistrustAfterBadBlocks)
                distrusted.TryAdd(holder.Id, $"served {_options.DistrustAfterBadBlocks} blocks that failed verification, the last {blockId}: {verdict.Reason}");
            return null;
        }
        return verified;
    }
}
