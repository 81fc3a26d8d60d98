using System.Diagnostics;
using Akka.Actor;
using Fountain.Actors.Cluster;
using Xunit.Abstractions;

namespace Fountain.Actors.Tests.Cluster;

/// <summary>Artworks sharded across a 3-node loopback cluster: on their custodian, moved with the epoch, re-homed when a node leaves.</summary>
public sealed class ShardingClusterTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    private static readonly string[] Artworks = Enumerable.Range(0, 12).Select(i => Rosters.ArtworkId("sharded-" + i)).ToArray();

    private async Task<List<ClusterTestNode>> ThreeNodesAsync(long epoch)
    {
        var others = new[] { StartSystem(), StartSystem() };
        string[] all = [SysAddress, .. others.Select(AddressOf)];
        Directory.Roster = Rosters.Of(Rosters.Epoch(epoch), all);
        var nodes = await StartNodesAsync([Sys, .. others]);
        var formed = Stopwatch.StartNew();
        await WaitFormedAsync(nodes, all, TimeSpan.FromSeconds(20));
        Output.WriteLine($"3 nodes Up in {formed.Elapsed.TotalSeconds:F1} s");
        return nodes;
    }

    [Fact]
    public async Task Each_artwork_lives_on_its_custodian_and_moves_when_the_epoch_does()
    {
        var nodes = await ThreeNodesAsync(epoch: 1);
        var all = nodes.Select(n => n.Address).ToList();
        for (int i = 0; i < Artworks.Length; i++)
        {
            // Asked through any member: the region routes it to the shard's home.
            var report = await nodes[i % nodes.Count].CheckAsync(Artworks[i], Ask);
            Assert.Equal(Preferred(Artworks[i], all), report.RanOn);
        }
        var homes = await nodes[0].ShardHomesAsync(TimeSpan.FromSeconds(3));
        Assert.All(Artworks, a => Assert.Equal(Preferred(a, all), homes[a]));
        Assert.True(all.Count(m => homes.ContainsValue(m)) >= 2, "12 artworks spread over at least 2 of 3 nodes");

        // A new epoch: a new seed, so new custodians; the guards read it and the coordinator rebalances.
        var before = Artworks.ToDictionary(a => a, a => Preferred(a, all));
        Directory.Roster = Rosters.Of(Rosters.Epoch(2), all.ToArray());
        var moving = Artworks.Count(a => Preferred(a, all) != before[a]);
        Assert.True(moving > 0, "some artwork changes custodian with the epoch");
        foreach (var node in nodes) node.Guard!.Tell(RefreshRoster.Instance);
        var moved = Stopwatch.StartNew();
        await ClusterTestNodes.EventuallyAsync(async () =>
        {
            var now = await nodes[0].ShardHomesAsync(TimeSpan.FromSeconds(2));
            return Artworks.All(a => now.GetValueOrDefault(a) == Preferred(a, all));
        }, TimeSpan.FromSeconds(30), "every shard on its new custodian");
        Output.WriteLine($"{moving} of {Artworks.Length} shards moved to their new custodians in {moved.Elapsed.TotalSeconds:F1} s (at most 4 per 0.5 s round)");
        for (int i = 0; i < Artworks.Length; i++) Assert.Equal(Preferred(Artworks[i], all), (await nodes[(i + 1) % nodes.Count].CheckAsync(Artworks[i], Ask)).RanOn);
    }

    [Fact]
    public async Task A_node_that_leaves_hands_its_artworks_off_and_they_still_answer()
    {
        var nodes = await ThreeNodesAsync(epoch: 1);
        var all = nodes.Select(n => n.Address).ToList();
        foreach (var artwork in Artworks) await nodes[0].CheckAsync(artwork, Ask);
        // The leaver: a node other than the test kit's own with most of the artworks.
        var leaver = nodes.Skip(1).OrderByDescending(n => Artworks.Count(a => Preferred(a, all) == n.Address)).First();
        var its = Artworks.Where(a => Preferred(a, all) == leaver.Address).ToList();
        Assert.NotEmpty(its);
        var stay = nodes.Where(n => n != leaver).ToList();
        var remaining = stay.Select(n => n.Address).ToList();

        var leaving = Stopwatch.StartNew();
        await leaver.Cluster.LeaveAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await WaitUpAsync(stay, remaining, TimeSpan.FromSeconds(20));
        await leaver.System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(20));
        Output.WriteLine($"graceful leave: removed and its system stopped in {leaving.Elapsed.TotalSeconds:F1} s; {its.Count} artworks to re-home");

        foreach (var artwork in Artworks)
        {
            var report = await stay[0].CheckAsync(artwork, Ask);
            Assert.Equal(Preferred(artwork, remaining), report.RanOn);
        }
        Assert.All(its, a => Assert.NotEqual(leaver.Address, Preferred(a, remaining)));
    }

    [Fact]
    public async Task A_node_that_crashes_is_downed_and_its_artworks_start_on_their_next_custodians()
    {
        var nodes = await ThreeNodesAsync(epoch: 1);
        var all = nodes.Select(n => n.Address).ToList();
        foreach (var artwork in Artworks) await nodes[0].CheckAsync(artwork, Ask);
        var victim = nodes.Skip(1).OrderByDescending(n => Artworks.Count(a => Preferred(a, all) == n.Address)).First();
        var survivors = nodes.Where(n => n != victim).ToList();
        var remaining = survivors.Select(n => n.Address).ToList();
        var stranded = Artworks.Where(a => Preferred(a, all) == victim.Address).ToList();

        var crash = Stopwatch.StartNew();
        ((ExtendedActorSystem)victim.System).Abort(); // no leave, no hand-off: its sockets close as a killed process's do
        await WaitUpAsync(survivors, remaining, TimeSpan.FromSeconds(30));
        Output.WriteLine($"crashed node downed and removed in {crash.Elapsed.TotalSeconds:F1} s");
        foreach (var artwork in stranded)
            Assert.Equal(Preferred(artwork, remaining), (await survivors[0].CheckUntilAnsweredAsync(artwork, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20))).RanOn);
        Output.WriteLine($"its {stranded.Count} artworks answering from their next custodians after {crash.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public async Task A_node_that_joins_takes_over_the_artworks_it_is_now_custodian_of_and_no_others_move()
    {
        var second = StartSystem();
        var third = StartSystem();
        string[] all = [SysAddress, AddressOf(second), AddressOf(third)];
        string[] first2 = all[..2];
        // The third is registered but not yet reporting (offline on the chain): no custody, so no shards, for now.
        Directory.Roster = new MasternodeRoster(Rosters.Epoch(1),
            all.Select(a => new RosterEntry(Rosters.NodeId(a), a, MayHoldCustody: a != all[2], Offline: a == all[2])).ToList());
        var nodes = await StartNodesAsync([Sys, second]);
        await WaitFormedAsync(nodes, first2, TimeSpan.FromSeconds(20));
        foreach (var artwork in Artworks) await nodes[0].CheckAsync(artwork, Ask);
        var before = await nodes[0].ShardHomesAsync(TimeSpan.FromSeconds(3));
        Assert.All(Artworks, a => Assert.Equal(Preferred(a, first2), before[a]));

        // It reports: eligible now, it joins, and the coordinator moves it the artworks it now ranks first for.
        Directory.Roster = Rosters.Of(Rosters.Epoch(1), all);
        nodes.Add(await ClusterTestNodes.StartAsync(third, Directory));
        foreach (var node in nodes) node.Guard!.Tell(RefreshRoster.Instance);
        await WaitFormedAsync(nodes, all, TimeSpan.FromSeconds(20));
        var itsOwn = Artworks.Where(a => Preferred(a, all) == all[2]).ToList();
        Assert.NotEmpty(itsOwn);
        await ClusterTestNodes.EventuallyAsync(async () =>
        {
            var now = await nodes[0].ShardHomesAsync(TimeSpan.FromSeconds(2));
            return itsOwn.All(a => now.GetValueOrDefault(a) == all[2]);
        }, TimeSpan.FromSeconds(20), "the newcomer hosts the artworks it is custodian of");
        var after = await nodes[0].ShardHomesAsync(TimeSpan.FromSeconds(3));
        Assert.All(Artworks.Except(itsOwn), a => Assert.Equal(before[a], after.GetValueOrDefault(a))); // rendezvous: nothing else moves
        foreach (var artwork in itsOwn) Assert.Equal(all[2], (await nodes[1].CheckAsync(artwork, Ask)).RanOn);
    }
}
