using Akka.Actor;
using Akka.Cluster.Sharding;
using Fountain.Actors.Cluster;
using Xunit.Abstractions;

namespace Fountain.Actors.Tests.Cluster;

/// <summary>
/// A member downed by another (Akka has no authorisation on membership: any member may down any other) with
/// <see cref="ClusterNodeOptions.StopWhenDowned"/> off, as masternodes run: its actor system runs on, its cluster
/// extension ends, and its shard region stops with the shards and artwork actors it hosted, so that the node can check
/// its artworks on a local region without two actors of one artwork on its journal.
/// </summary>
public sealed class DownedMemberClusterTests(ITestOutputHelper output)
    : ClusterTestKit(output, port => ClusterTestNodes.Quick(port) with { StopWhenDowned = false })
{
    [Fact]
    public async Task A_member_downed_by_another_keeps_its_actor_system_and_its_shard_region_stops_with_its_actors()
    {
        var victim = StartSystem();
        string[] members = [SysAddress, AddressOf(victim)];
        Directory.Roster = Rosters.Of(Rosters.Epoch(1), members);
        var nodes = await StartNodesAsync([Sys, victim]);
        await WaitFormedAsync(nodes, members, TimeSpan.FromSeconds(20));
        var artworks = Enumerable.Range(0, 8).Select(i => Rosters.ArtworkId("downed-" + i)).ToList();
        foreach (var artwork in artworks) await nodes[0].CheckAsync(artwork, Ask);
        var onVictim = (await nodes[1].Region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, Ask)).Shards.Count;
        Assert.True(onVictim > 0, "the custody rule placed no artwork on the victim");

        var watcher = CreateTestProbe(victim);
        watcher.Watch(nodes[1].Region);
        Akka.Cluster.Cluster.Get(Sys).Down(Akka.Actor.Address.Parse(AddressOf(victim)));

        await ClusterTestNodes.EventuallyAsync(() => nodes[1].Cluster.IsTerminated, TimeSpan.FromSeconds(30), "the victim's cluster extension ended");
        watcher.ExpectTerminated(nodes[1].Region, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(victim.WhenTerminated.IsCompleted, "the downed member's actor system stopped");
        // It can still run actors of its own.
        var echo = victim.ActorOf(Props.Create(() => new EchoActor()));
        Assert.Equal("alive", await echo.Ask<string>("alive", Ask));
        Output.WriteLine($"victim hosted {onVictim} shards; its region stopped, its actor system runs");
    }

    private sealed class EchoActor : ReceiveActor
    {
        public EchoActor() => Receive<string>(s => Sender.Tell(s));
    }
}
