using System.Diagnostics;
using Akka.Actor;
using Fountain.Actors.Cluster;
using Xunit.Abstractions;

namespace Fountain.Actors.Tests.Cluster;

/// <summary>The membership guard in a live cluster: a stranger that joins is downed, a node whose registration lapsed leaves.</summary>
public sealed class GuardClusterTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    [Fact]
    public async Task A_stranger_that_joins_is_downed_by_the_guards_and_never_hosts_an_artwork()
    {
        var member = StartSystem();
        string[] roster = [SysAddress, AddressOf(member)];
        Directory.Roster = Rosters.Of(Rosters.Epoch(3), roster);
        var nodes = await StartNodesAsync([Sys, member]);
        await WaitFormedAsync(nodes, roster, TimeSpan.FromSeconds(20));

        // A system with the cluster's name and our code, but no registration (and no guard of its own: a stranger need not run ours).
        var strangerSystem = StartSystem();
        var stranger = await ClusterTestNodes.StartAsync(strangerSystem, Directory, withGuard: false, joinSeeds: 0);
        var joined = Stopwatch.StartNew();
        stranger.Cluster.JoinSeedNodes(SeedNodes.Of(Directory.Roster, 3).Select(Address.Parse));
        await strangerSystem.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(20)); // downed: it stops itself (run-coordinated-shutdown-when-down)
        Output.WriteLine($"stranger downed and stopped {joined.Elapsed.TotalMilliseconds:F0} ms after it asked to join");

        await WaitUpAsync(nodes, roster, TimeSpan.FromSeconds(10));
        var downed = new List<string>();
        foreach (var node in nodes) downed.AddRange((await node.Guard!.Ask<GuardState>(GetGuardState.Instance, Ask)).Downed);
        Assert.Contains(stranger.Address, downed);
        Assert.DoesNotContain(SysAddress, downed);
        Assert.DoesNotContain(AddressOf(member), downed);
        Assert.Equal(0, stranger.Check.Runs);
        foreach (var artwork in Enumerable.Range(0, 6).Select(i => Rosters.ArtworkId("guarded-" + i)))
            Assert.Contains((await nodes[0].CheckAsync(artwork, Ask)).RanOn, roster);
    }

    [Fact]
    public async Task A_node_whose_registration_lapsed_leaves_gracefully_and_is_not_downed()
    {
        var others = new[] { StartSystem(), StartSystem() };
        string[] all = [SysAddress, .. others.Select(AddressOf)];
        Directory.Roster = Rosters.Of(Rosters.Epoch(1), all);
        var nodes = await StartNodesAsync([Sys, .. others]);
        await WaitUpAsync(nodes, all, TimeSpan.FromSeconds(20));

        // Every guard must have read the roster that lists it: to a guard that never saw it listed, it is a stranger.
        foreach (var node in nodes)
            await ClusterTestNodes.EventuallyAsync(async () => (await node.Guard!.Ask<GuardState>(GetGuardState.Instance, Ask)).Epoch?.Height == Rosters.Epoch(1).Height,
                TimeSpan.FromSeconds(20), "each guard has read epoch 1's roster");
        var lapsed = nodes[2];
        string[] remaining = [all[0], all[1]];
        Directory.Roster = Rosters.Of(Rosters.Epoch(2), remaining);
        foreach (var node in nodes) node.Guard!.Tell(RefreshRoster.Instance);
        await lapsed.System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(20));
        await WaitUpAsync(nodes.Take(2), remaining, TimeSpan.FromSeconds(10));
        // The others gave it time to leave by itself (its own guard read the same chain) instead of racing its hand-off.
        foreach (var node in nodes.Take(2))
            Assert.DoesNotContain(lapsed.Address, (await node.Guard!.Ask<GuardState>(GetGuardState.Instance, Ask)).Downed);
    }

    [Fact]
    public async Task A_node_listed_only_after_it_started_joins_within_its_join_read_interval_not_its_refresh_interval()
    {
        Directory.Roster = Rosters.Of(Rosters.Epoch(1), [SysAddress]);
        var first = (await StartNodesAsync([Sys]))[0];
        await WaitUpAsync([first], [SysAddress], TimeSpan.FromSeconds(20));

        // As on a chain: the node starts before the height that seals its registration, so its first reads do not list it.
        var late = StartSystem();
        var slowRefresh = new ClusterGuardSettings(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), JoinSeeds: 3)
        {
            JoinReadInterval = TimeSpan.FromMilliseconds(200),
        };
        var guard = late.ActorOf(ClusterGuardActor.Props(Directory, slowRefresh), "cluster-guard");
        await ClusterTestNodes.EventuallyAsync(async () => (await guard.Ask<GuardState>(GetGuardState.Instance, Ask)).Reads >= 1, TimeSpan.FromSeconds(10),
            "the late node's guard read a roster without it");
        string[] both = [SysAddress, AddressOf(late)];
        var sealedAt = Stopwatch.StartNew();
        Directory.Roster = Rosters.Of(Rosters.Epoch(2), both);
        await ClusterTestNodes.EventuallyAsync(() => Task.FromResult(ClusterTestNodes.AllSeeUp([first], both)), TimeSpan.FromSeconds(60), "the late node is Up");
        Output.WriteLine($"joined {sealedAt.Elapsed.TotalSeconds:F2} s after the roster listed it (refresh interval 5 min, join reads every 0.2 s)");
        Assert.True(sealedAt.Elapsed < TimeSpan.FromSeconds(30), $"it took {sealedAt.Elapsed}: the guard waited for its refresh interval");
        var joinedReads = (await guard.Ask<GuardState>(GetGuardState.Instance, Ask)).Reads;
        await Task.Delay(1000);
        Assert.True((await guard.Ask<GuardState>(GetGuardState.Instance, Ask)).Reads <= joinedReads + 1, "a member keeps reading every join-read interval");
    }

    [Fact]
    public async Task A_roster_that_cannot_be_read_changes_nothing()
    {
        var failing = new FailingDirectory();
        var guard = Sys.ActorOf(ClusterGuardActor.Props(failing, new ClusterGuardSettings(TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(30))));
        await ClusterTestNodes.EventuallyAsync(async () => (await guard.Ask<GuardState>(GetGuardState.Instance, Ask)).LastError is not null,
            TimeSpan.FromSeconds(5), "the failed read is reported");
        var state = await guard.Ask<GuardState>(GetGuardState.Instance, Ask);
        Assert.Equal((null, 0, false), (state.Epoch, state.Reads, state.Leaving));
        Assert.Contains("longer than", state.LastError);
    }

    private sealed class FailingDirectory : IMasternodeDirectory
    {
        public async Task<MasternodeRoster> ReadAsync(CancellationToken cancellation)
        {
            await Task.Delay(Timeout.Infinite, cancellation);
            throw new InvalidOperationException("unreachable");
        }
    }

    [Fact]
    public async Task A_cluster_forms_without_a_first_seed_that_is_down_once_the_chain_has_it_offline()
    {
        var others = new[] { StartSystem(), StartSystem() };
        string[] running = [SysAddress, .. others.Select(AddressOf)];
        var down = ClusterTestNodes.AddressOf(ClusterTestNodes.FreePort()); // registered, nothing listens there
        // The node that is down registered first, so it ranks first among the seeds: Akka lets only the first seed form a
        // cluster, and nothing answers there.
        Directory.Roster = new MasternodeRoster(Rosters.Epoch(1),
            [new RosterEntry(Rosters.NodeId(down), down, true, RegisteredAtHeight: 1), .. running.Select(a => new RosterEntry(Rosters.NodeId(a), a, true, RegisteredAtHeight: 2))]);
        Assert.Equal(down, SeedNodes.Of(Directory.Roster, 3)[0]);
        var nodes = await StartNodesAsync([Sys, .. others]);
        await Task.Delay(TimeSpan.FromSeconds(3)); // several seed-node timeouts: nobody may form a cluster
        Assert.All(nodes, n => Assert.DoesNotContain(n.Cluster.State.Members, m => m.Status == Akka.Cluster.MemberStatus.Up));

        // The chain flags it offline: the guards read the new seeds and join through them.
        Directory.Roster = new MasternodeRoster(Rosters.Epoch(2),
            [new RosterEntry(Rosters.NodeId(down), down, false, RegisteredAtHeight: 1, Offline: true), .. running.Select(a => new RosterEntry(Rosters.NodeId(a), a, true, RegisteredAtHeight: 2))]);
        var formed = System.Diagnostics.Stopwatch.StartNew();
        foreach (var node in nodes) node.Guard!.Tell(RefreshRoster.Instance);
        await WaitUpAsync(nodes, running, TimeSpan.FromSeconds(20));
        Output.WriteLine($"formed {formed.Elapsed.TotalSeconds:F1} s after the new seeds were read");
    }
}
