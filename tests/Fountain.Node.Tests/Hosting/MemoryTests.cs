using Fountain.Node.Tests.Support;
using Xunit.Abstractions;

namespace Fountain.Node.Tests.Hosting;

/// <summary>The managed heap is the whole process's: this runs alone, after the tests that run in parallel.</summary>
[CollectionDefinition(nameof(MemoryTests), DisableParallelization = true)]
public sealed class MemoryTestsRunAlone;

[Collection(nameof(MemoryTests))]
public sealed class MemoryTests(ITestOutputHelper output)
{
    /// <summary>
    /// A node keeps no per-block state in memory (the SQLite index is the catalogue; reads stream from files), so
    /// its managed heap stays flat as blocks are added. Measured after N, 5N and 10N blocks stored and served: the
    /// first stretch may still carry one-off growth (caches, pools and thread-pool threads reaching their working
    /// size), so the per-block bound applies from 5N to 10N. Runs here measure 1 to 3 bytes per block, at worst
    /// about 50 (a pool or a thread more, not per-block state); the bound of 100 bytes per block fails for an
    /// in-memory catalogue of the usual kind (an id, a record and a dictionary entry: 150 bytes and more per
    /// block). The whole stretch from N to 10N must stay under 1 MiB, which 400 bytes per block would break.
    /// </summary>
    [Fact]
    public async Task The_managed_heap_of_a_serving_node_does_not_grow_with_the_number_of_blocks_it_stores()
    {
        const int n = 300;
        var blocks = TestBlocks.Make(10 * n, archiveBytes: 256 * 1024);
        await using var nodes = await TestNodes.StartAsync(1, s => s with { HoldersPerBlock = 1, PendingGrace = TimeSpan.FromDays(30) });
        var client = nodes.Client(0, nodes[0].Key);

        async Task StoreAndServe(int from, int to)
        {
            for (int i = from; i < to; i += 4)
            {
                await Task.WhenAll(blocks.Skip(i).Take(Math.Min(4, to - i)).Select(b => client.PutBlockAsync(b.Id, b.Bytes)));
                // Requests spread over time (4 every 5 s), so the replay window holds the same number of nonces in
                // both phases: the nonce cache is bounded by requests per window, not by blocks stored.
                nodes.Clock.Advance(TimeSpan.FromSeconds(5));
            }
            // Serve: fetch and challenge across everything held so far.
            for (int i = 0; i < 64; i++)
            {
                var b = blocks[i * to / 64];
                Assert.Equal(b.Bytes.Length, (await client.GetBlockAsync(b.Id))!.Length);
                await client.HashRangeAsync(b.Id, 0, 100);
            }
        }

        long Heap()
        {
            // Let the replay window pass, so that the nonce cache (bounded, but holding every nonce of the last
            // 2 × skew) is measured in the same state both times; one request then purges the expired nonces.
            nodes.Clock.Advance(nodes[0].Settings.ClockSkew * 2);
            client.GetStatusAsync().GetAwaiter().GetResult();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var total = GC.GetTotalMemory(forceFullCollection: true);
            var info = GC.GetGCMemoryInfo(GCKind.Any);
            output.WriteLine("heap by generation (KiB): " + string.Join(" ", Enumerable.Range(0, info.GenerationInfo.Length).Select(g => $"g{g}={info.GenerationInfo[g].SizeAfterBytes / 1024}")));
            return total;
        }

        await StoreAndServe(0, n);
        await StoreAndServe(0, n); // warm every path (pools, caches) before the first measurement
        long atN = Heap();
        await StoreAndServe(n, 5 * n);
        long at5N = Heap();
        await StoreAndServe(5 * n, 10 * n);
        long at10N = Heap();
        Assert.Equal(10 * n, nodes[0].Storage.BlockCount);
        // A listing is the one answer whose size grows with the blocks of an artwork (and the pooled buffers that
        // serialise it with it), so it is checked after the measurement.
        Assert.Equal(10 * n, (await client.ListArtworkBlocksAsync(blocks[0].Header.ArtworkId)).Blocks.Count);
        double perBlock = (at10N - at5N) / (5.0 * n);
        output.WriteLine($"managed heap after {n} blocks: {atN / 1024} KiB; after {5 * n}: {at5N / 1024} KiB; after {10 * n}: {at10N / 1024} KiB; " +
            $"{(at10N - atN) / 1024} KiB from N to 10N; {perBlock:F1} bytes per block from 5N to 10N");
        Assert.True(perBlock < 100, $"the heap grew by {perBlock:F1} bytes per stored block from 5N to 10N");
        Assert.True(at10N - atN < 1 << 20, $"the heap grew by {(at10N - atN) / 1024} KiB from N to 10N");
    }
}
