using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Fountain.Actors.Artworks;
using Fountain.Actors.Cluster;
using Fountain.Chain.Identity;
using Fountain.Chain.Selection;
using Fountain.Codec.Archive;
using Fountain.Cluster.Tests.Healing;
using Fountain.Cluster.Tests.Membership;
using Fountain.Node.Client;
using Fountain.Node.Cluster;
using Fountain.Node.Owner;
using Xunit.Abstractions;

namespace Fountain.Cluster.Tests.Attacks;

/// <summary>
/// Issue 13, flood, on real nodes in cluster mode: a member (a modified node, here another node's own actor system)
/// sends an honest member's artwork region made-up artwork ids and the real artwork's check over and over. The node's
/// check refuses the made-up ids (no ticket) and their actors stop at once; the real artwork is still checked by its
/// custodian; nothing lands on the chain: no amendment, no penalty.
/// </summary>
[Collection(NetworkCollection.Name)]
public sealed class FloodCheckArtworkTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MadeUpIds = 400; // well below the ~900 shards at which the coordinator stops (THREAT-MODEL, "Still open")
    private const int RepeatedRequests = 2_000;
    private readonly string _folder = Directory.CreateTempSubdirectory("fountain-flood-").FullName;
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await MemberNodes.StartAsync(3, Path.Combine(_folder, "cluster"),
        configure: (_, s) => s with { HoldersPerBlock = 2, Layout = HealingCluster.SmallBlocks });

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact(Timeout = NetworkCollection.TestTimeoutMilliseconds)]
    public async Task A_member_flooding_checks_makes_no_amendment_no_penalty_and_the_artwork_is_still_checked()
    {
        var members = _cluster.RunningNodes.Select(n => n.ClusterMembership!.Address).ToList();
        await MemberNodes.EventuallyAsync(() => MemberNodes.AllSeeUp(_cluster.RunningNodes, members), TimeSpan.FromSeconds(60), "3 members Up");
        var stored = await MemberNodes.StoreSmallArtworkAsync(_cluster, _folder);
        var before = _cluster.Chain.State;
        int amendmentsBefore = before.Tickets[stored.ArtworkId].Amendments.Count;

        // The flooder: node 2's actor system, sending straight to node 0's region as a modified node could.
        var honest = _cluster.Node(0);
        var flooder = _cluster.Node(2).Actors;
        var region = flooder.ActorSelection($"{honest.ClusterMembership!.Address}/system/sharding/{ArtworkSharding.TypeName}");
        var madeUp = Enumerable.Range(0, MadeUpIds).Select(_ => Convert.ToHexStringLower(RandomBytes(32))).ToList();
        long head = before.Head.Height;
        var flood = Stopwatch.StartNew();
        for (int i = 0; i < Math.Max(MadeUpIds, RepeatedRequests); i++)
        {
            if (i < MadeUpIds) region.Tell(new CheckArtwork(madeUp[i], head));
            if (i < RepeatedRequests) region.Tell(new CheckArtwork(stored.ArtworkId, head));
        }

        // The artwork's custodian primary still checks it during the flood.
        var primary = Custody.Custodians(stored.ArtworkId, before.Head, before.Masternodes.Values, 1)[0];
        var custodian = _cluster.RunningNodes.Single(n => n.NodeId == primary);
        var asked = Stopwatch.StartNew();
        var report = await custodian.CheckArtworkAsync(stored.ArtworkId).WaitAsync(TimeSpan.FromSeconds(90));
        Assert.NotNull(report);
        output.WriteLine($"the custodian's check during the flood answered in {asked.Elapsed.TotalSeconds:F1} s: redundancy {report!.Before.Redundancy:F2}, failure {report.Failure ?? "none"}");
        Assert.Null(report.Failure);

        // Every made-up id reached a shard, and no actor is left for any of them.
        Dictionary<string, string> homes = [];
        await MemberNodes.EventuallyAsync(async () => madeUp.All((homes = await MemberNodes.ShardHomesAsync(honest, TimeSpan.FromSeconds(5))).ContainsKey),
            TimeSpan.FromSeconds(120), $"the {MadeUpIds} made-up ids routed");
        int live = 0;
        await MemberNodes.EventuallyAsync(async () =>
        {
            live = 0;
            foreach (var node in _cluster.RunningNodes)
            {
                var state = await ArtworkSharding.Region(node.Actors).Ask<CurrentShardRegionState>(GetShardRegionState.Instance, TimeSpan.FromSeconds(10));
                live += state.Shards.SelectMany(s => s.EntityIds).Count(madeUp.Contains);
            }
            return live == 0;
        }, TimeSpan.FromSeconds(60), "no actor left for a made-up id");
        output.WriteLine($"{MadeUpIds} made-up ids and {RepeatedRequests} repeats handled in {flood.Elapsed.TotalSeconds:F1} s; " +
            $"shards per member: {string.Join(", ", homes.Values.GroupBy(h => h).Select(g => g.Count()))} (one per made-up id: admission is not wired in the node)");

        var after = _cluster.Chain.State;
        Assert.Equal(amendmentsBefore, after.Tickets[stored.ArtworkId].Amendments.Count);
        Assert.Equal(before.Tickets.Count, after.Tickets.Count);
        Assert.All(after.Masternodes.Values, m => Assert.False(m.IsPenalisedAt(after.Head.Height), $"{m.Id} penalised"));
        Assert.Empty(after.ChallengeFailures);
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
