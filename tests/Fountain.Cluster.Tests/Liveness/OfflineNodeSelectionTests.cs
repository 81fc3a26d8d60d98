using System.Security.Cryptography;
using System.Text;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Codec.Hashing;
using Fountain.Node.Cluster;
using Fountain.Node.Network;
using Xunit.Abstractions;

namespace Fountain.Cluster.Tests.Liveness;

/// <summary>
/// On-chain liveness on a real cluster: nodes report on every height, so the live ones stay online; a stopped node is
/// flagged offline once offline-after has passed, and drops out of custody and placement, so a live node becomes the
/// primary of the artworks it was primary of (issue 7's chain-side gap 2).
/// </summary>
public sealed class OfflineNodeSelectionTests(ITestOutputHelper output)
{
    private static readonly TimeSpan OfflineAfter = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task A_stopped_node_is_no_longer_custodian_or_holder_after_the_window_and_a_live_node_becomes_primary()
    {
        var root = Directory.CreateTempSubdirectory("fountain-liveness-cluster-").FullName;
        // Heights every 500 ms on the chain's own (system) clock; nodes see each head within 100 ms and report on it.
        await using var cluster = await LocalCluster.StartAsync(new LocalClusterOptions
        {
            DataFolder = Path.Combine(root, "cluster"),
            Nodes = 6,
            ChainListen = "http://127.0.0.1:0",
            FirstNodePort = 0,
            Chain = new() { HeightInterval = TimeSpan.FromMilliseconds(500), OfflineAfter = OfflineAfter },
            ConfigureNode = (_, s) => s with
            {
                MembershipRefresh = TimeSpan.FromMilliseconds(100),
                ReportInterval = TimeSpan.FromMilliseconds(100),
                Healing = s.Healing with { Enabled = false },
                Challenges = s.Challenges with { Enabled = false },
            },
        });
        try
        {
            var victim = cluster.Node(2).NodeId;
            var state = cluster.Chain.State;
            // An artwork the victim is custodian primary of now, and a block it is the first holder of.
            var artworkId = Enumerable.Range(0, 10_000).Select(i => Id($"artwork-{i}"))
                .First(id => Custody.Custodians(id, state.Head, state.Masternodes.Values, 2)[0] == victim);
            var blockId = Enumerable.Range(0, 10_000).Select(i => Id($"block-{i}"))
                .First(id => Placement.HoldersOf(Hash256.Parse(id), Placement.EligibleIds(state.Masternodes.Values, state.Head.Height), 2)[0] == victim);
            Assert.All(state.Masternodes.Values, m => Assert.False(m.Offline));

            await cluster.StopNodeAsync(2);
            var stoppedAt = DateTimeOffset.UtcNow;
            var deadline = stoppedAt + OfflineAfter * 5;
            while (!cluster.Chain.State.Masternodes[victim].Offline && DateTimeOffset.UtcNow < deadline)
                await Task.Delay(100); // the chain's timer seals; the test only looks
            state = cluster.Chain.State;
            var flagged = state.Masternodes[victim];
            output.WriteLine($"offline flagged at height {state.Head.Height}, {(DateTimeOffset.UtcNow - stoppedAt).TotalSeconds:F1} s after the stop; last seen at height {flagged.LastSeenHeight}");
            Assert.True(flagged.Offline, "the stopped node should be offline after the window");
            Assert.True(state.Head.Time - flagged.LastSeenTime > OfflineAfter);
            // The live nodes reported all along: none of them is offline.
            Assert.All(state.Masternodes.Values.Where(m => m.Id != victim), m => Assert.False(m.Offline, $"live node {m.Id[..12]} flagged offline"));

            var masternodes = await cluster.ChainClient.GetMasternodesAsync(); // what nodes see over HTTP
            Assert.True(masternodes.Single(m => m.Id == victim).Offline);
            var custody = Custody.Custodians(artworkId, state.Head, masternodes, 2);
            Assert.DoesNotContain(victim, custody);
            Assert.Contains(custody[0], cluster.RunningNodes.Select(n => n.NodeId));
            var eligible = Placement.EligibleIds(masternodes, state.Head.Height);
            Assert.DoesNotContain(victim, eligible);
            Assert.DoesNotContain(victim, Placement.HoldersOf(Hash256.Parse(blockId), eligible, 2));
            Assert.DoesNotContain(victim, Custody.Challengers(cluster.Node(0).NodeId, state.Head, masternodes, 3));
            Assert.Contains(victim, (await cluster.Chain.GetRewardsAsync(state.Head.Height))!.OfflineIds);

            // Restarted, it reports again and is back in the selections.
            await cluster.StartNodeAsync(2);
            deadline = DateTimeOffset.UtcNow + OfflineAfter * 5;
            while (cluster.Chain.State.Masternodes[victim].Offline && DateTimeOffset.UtcNow < deadline) await Task.Delay(100);
            Assert.False(cluster.Chain.State.Masternodes[victim].Offline, "a report should bring the node back");
            Assert.Contains(victim, Placement.EligibleIds(cluster.Chain.State.Masternodes.Values, cluster.Chain.State.Head.Height));
        }
        finally
        {
            await cluster.DisposeAsync();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }

    private static string Id(string seed) => Convert.ToHexStringLower(SHA3_256.HashData(Encoding.UTF8.GetBytes(seed)));
}
