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
    /// its managed heap stays flat as blocks are added. Measured after N blocks stored and served, then after 5N,
    /// 6N, ... 10N. Per-block state would add to every one of the five last stretches alike. What else moves the
    /// heap of this process (the node and its client share it) comes in occasional steps: the shared array pool
    /// keeps a few more buffers of 16 to 64 KiB now and then, as responses are read on changing threads, until it
    /// saturates (steps of 20 to 350 KiB were seen, in up to four stretches of one run; bounded, and unrelated to the
    /// blocks held, since they appear just as well when the same 64 blocks are served every time). So the
    /// smallest of the five stretches is the bound on per-block growth: runs here measure -30 to +6 bytes per block;
    /// the limit of 100 fails for an in-memory catalogue of the usual kind (an id, a record and a dictionary entry:
    /// 150 bytes and more per block, in every stretch).
    /// </summary>
    [Fact]
    public async Task The_managed_heap_of_a_serving_node_does_not_grow_with_the_number_of_blocks_it_stores()
    {
        const int n = 300;
        var blocks = TestBlocks.Make(10 * n, archiveBytes: 256 * 1024);
        await using var nodes = await TestNodes.StartAsync(1, s => s with { HoldersPerBlock = 1, PendingGrace = TimeSpan.FromDays(30), ReportInterval = TimeSpan.FromDays(30) });
        var client = nodes.Client(0, nodes[0].Key);

        async Task StoreAndServe(int from, int to)
        {
            // One upload at a time: shared pools (buffers, connections, pool threads) then reach their working size
            // early and stay there, where concurrent uploads keep stepping them up now and then (by some 64 KiB,
            // bounded, unrelated to the blocks held), which would blur what this test measures.
            for (int i = from; i < to; i += 4)
            {
                foreach (var b in blocks.Skip(i).Take(Math.Min(4, to - i))) await client.PutBlockAsync(b.Id, b.Bytes);
                // Requests spread over time (4 every 5 s), so the replay window holds the same number of nonces in
                // every stretch: the nonce cache is bounded by requests per window, not by blocks stored.
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

        async Task<long> Heap()
        {
            // Let the replay window pass, so that the nonce cache (bounded, but holding every nonce of the last
            // 2 × skew) is measured in the same state every time; one request then purges the expired nonces.
            nodes.Clock.Advance(nodes[0].Settings.ClockSkew * 2);
            await client.GetStatusAsync();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            return GC.GetTotalMemory(forceFullCollection: true);
        }

        await StoreAndServe(0, n);
        await StoreAndServe(0, n); // warm every path (pools, caches) before the first measurement
        long atN = await Heap();
        await StoreAndServe(n, 5 * n);
        var heaps = new List<long> { await Heap() };
        for (int k = 5; k < 10; k++)
        {
            await StoreAndServe(k * n, (k + 1) * n);
            heaps.Add(await Heap());
        }
        long at10N = heaps[^1];
        Assert.Equal(10 * n, nodes[0].Storage.BlockCount);
        // A listing is the one answer whose size grows with the blocks of an artwork (and the pooled buffers that
        // serialise it with it), so it is checked after the measurement.
        Assert.Equal(10 * n, (await client.ListArtworkBlocksAsync(blocks[0].Header.ArtworkId)).Blocks.Count);
        var perBlock = heaps.Zip(heaps.Skip(1), (before, after) => (after - before) / (double)n).Order().ToList();
        double least = perBlock[0];
        output.WriteLine($"managed heap after {n} blocks: {atN / 1024} KiB; after {5 * n} to {10 * n}: {string.Join(", ", heaps.Select(h => h / 1024))} KiB; " +
            $"{(at10N - atN) / 1024} KiB from N to 10N; bytes per block in the last five stretches: {string.Join(", ", perBlock.Select(b => b.ToString("F1")))}");
        Assert.True(least < 100, $"the heap grew by at least {least:F1} bytes per stored block in every stretch");
    }
}
