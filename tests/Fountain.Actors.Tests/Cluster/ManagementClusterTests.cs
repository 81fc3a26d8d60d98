using Akka.Actor;
using Fountain.Actors.Cluster;
using Xunit.Abstractions;

namespace Fountain.Actors.Tests.Cluster;

/// <summary>The management service on a live cluster: show, leave, down, join, and the commands it refuses.</summary>
public sealed class ManagementClusterTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    [Fact]
    public async Task Show_lists_members_leader_and_the_shards_and_entities_on_each_and_commands_act_or_are_refused()
    {
        var member = StartSystem();
        var newcomer = StartSystem();
        string[] roster = [SysAddress, AddressOf(member), AddressOf(newcomer)];
        // The newcomer is registered but has not reported yet, so the chain has it offline: no custody, last among the seeds.
        Directory.Roster = new MasternodeRoster(Rosters.Epoch(4),
            roster.Select(a => new RosterEntry(Rosters.NodeId(a), a, MayHoldCustody: a != AddressOf(newcomer), Offline: a == AddressOf(newcomer))).ToList());
        var nodes = await StartNodesAsync([Sys, member]);
        await WaitFormedAsync(nodes, roster[..2], TimeSpan.FromSeconds(20));
        var artworks = Enumerable.Range(0, 8).Select(i => Rosters.ArtworkId("managed-" + i)).ToList();
        foreach (var artwork in artworks) await nodes[0].CheckAsync(artwork, Ask);

        var management = new ClusterManagement(Sys, nodes[0].Region, () => nodes[0].Rule.Roster);
        var view = await management.ShowAsync(TimeSpan.FromSeconds(3));
        Output.WriteLine(string.Join("\n", view.Members));
        Assert.Equal(SysAddress, view.Self);
        Assert.Null(view.ShardStatsError);
        Assert.Equal(roster[..2].Order(), view.Members.Select(m => m.Address));
        Assert.All(view.Members, m => Assert.Equal(("Up", true), (m.Status, m.Reachable)));
        Assert.Equal(SysAddress, Assert.Single(view.Members, m => m.IsSelf).Address);
        Assert.Equal(view.Leader, Assert.Single(view.Members, m => m.IsLeader).Address);
        Assert.All(view.Members, m => Assert.Equal(Rosters.NodeId(m.Address), m.NodeId));
        Assert.Equal(artworks.Count, view.Members.Sum(m => m.Shards));
        Assert.Equal(artworks.Count, view.Members.Sum(m => m.Entities));
        foreach (var m in view.Members) Assert.Equal(artworks.Count(a => Preferred(a, roster[..2]) == m.Address), m.Shards);

        // Refused before Akka sees them.
        Assert.False(management.Leave("nonsense").Accepted);
        Assert.False(management.Down(AddressOf(newcomer)).Accepted); // not a member
        Assert.False(management.Join(AddressOf(member)).Accepted); // a member already
        var newcomerNode = await ClusterTestNodes.StartAsync(newcomer, Directory, joinSeeds: 0);
        var newcomerManagement = new ClusterManagement(newcomer, newcomerNode.Region, () => newcomerNode.Rule.Roster);
        await ClusterTestNodes.EventuallyAsync(() => newcomerNode.Rule.Roster is not null, TimeSpan.FromSeconds(5), "the newcomer's guard read the roster");
        Assert.False(newcomerManagement.Join("akka.tcp://fountain@127.0.0.1:1").Accepted); // no masternode there

        // Join, then down the one that joined, then have a member leave.
        Assert.True(newcomerManagement.Join(SysAddress).Accepted);
        await WaitUpAsync([nodes[0], nodes[1], newcomerNode], roster, TimeSpan.FromSeconds(20));
        Assert.True(management.Down(AddressOf(newcomer)).Accepted);
        await newcomer.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(management.Leave(AddressOf(member)).Accepted);
        await member.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(20));
        // The cluster's state lags its events for a moment: the view settles on this node alone, hosting every shard
        // (remember-entities: the coordinator re-allocates the leaver's shards at once, not on their next message).
        await ClusterTestNodes.EventuallyAsync(async () =>
        {
            var alone = await management.ShowAsync(TimeSpan.FromSeconds(2));
            return alone.Members.Count == 1 && alone.Members[0].IsSelf && alone.Members[0].Shards == artworks.Count;
        }, TimeSpan.FromSeconds(15), "this node alone, with every shard");
    }
}
