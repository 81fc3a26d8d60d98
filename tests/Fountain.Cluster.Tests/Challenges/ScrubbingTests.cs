using Fountain.Codec.Hashing;
using Fountain.Node.Client;

namespace Fountain.Cluster.Tests.Challenges;

/// <summary>Issue 7, item 2: a node finds its own corrupt blocks, takes them out of its store and says so in /status.</summary>
public sealed class ScrubbingTests
{
    [Fact]
    public async Task A_corrupt_block_is_quarantined_counted_in_status_and_no_longer_served()
    {
        await using var cluster = await ChallengeCluster.StartAsync(3);
        var stored = await cluster.StoreAsync(100_000, seed: 3);
        var node = cluster.Cluster.Node(1);
        var victim = node.Store.Page("", 1)[0];
        var file = node.Store.FileOf(victim.BlockId);
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 3] ^= 0x01;
        File.WriteAllBytes(file, bytes);
        long blocksBefore = node.Store.BlockCount;

        // Scrub everything once (a budget beyond the store), as the timer would over several wake-ups.
        int quarantined = await node.Scrubber.ScrubOnceAsync(long.MaxValue);
        Assert.Equal(1, quarantined);
        Assert.Null(node.Store.Find(victim.BlockId));
        Assert.Equal(blocksBefore - 1, node.Store.BlockCount);
        Assert.True(File.Exists(Path.Combine(cluster.Cluster.NodeFolder(1), "quarantine", victim.BlockId + ".block")));
        Assert.True(node.Scrubber.Counters.BlocksChecked >= blocksBefore);

        using var http = NodeClient.CreateHttpClient();
        var client = new NodeClient(http, node.Endpoint, cluster.Cluster.Node(0).Key);
        Assert.Equal(1, (await client.GetStatusAsync()).QuarantinedBlocks);
        Assert.Null(await client.GetBlockAsync(victim.BlockId));

        // A second pass finds nothing more: healthy blocks are left alone.
        Assert.Equal(0, await node.Scrubber.ScrubOnceAsync(long.MaxValue));
        Assert.Equal(blocksBefore - 1, node.Store.BlockCount);
        Assert.True(stored.Blocks > 1);
    }

    [Fact]
    public async Task Each_wake_up_hashes_about_its_byte_budget_and_resumes_where_it_stopped()
    {
        await using var cluster = await ChallengeCluster.StartAsync(2);
        await cluster.StoreAsync(100_000, seed: 4);
        var node = cluster.Cluster.Node(0);
        long blockBytes = node.Store.Page("", 1)[0].Bytes;
        long count = node.Store.BlockCount;
        Assert.True(count >= 4);
        await node.Scrubber.ScrubOnceAsync(2 * blockBytes);
        Assert.Equal(2, node.Scrubber.Counters.BlocksChecked);
        await node.Scrubber.ScrubOnceAsync(1); // at least one block, even with a budget smaller than a block
        Assert.Equal(3, node.Scrubber.Counters.BlocksChecked);
        while (node.Scrubber.Counters.Passes == 0) await node.Scrubber.ScrubOnceAsync(blockBytes);
        // The wake-up that finds the end starts over at once if it has checked nothing yet: one block more at most.
        Assert.InRange(node.Scrubber.Counters.BlocksChecked, count, count + 1);
    }
}
