using Fountain.Actors.Cluster;
using Fountain.Chain.Model;

namespace Fountain.Actors.Tests.Cluster;

/// <summary>How the roster and the cluster addresses follow from the chain's registrations, and the seed nodes from the roster.</summary>
public sealed class RosterTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7101", "akka.tcp://fountain@127.0.0.1:8101")]
    [InlineData("https://Node-7.Example.org", "akka.tcp://fountain@node-7.example.org:1443")]
    [InlineData("http://node.example/base/path", "akka.tcp://fountain@node.example:1080")]
    [InlineData("http://[::1]:7000", "akka.tcp://fountain@[::1]:8000")]
    public void The_cluster_address_is_the_endpoint_host_and_port_plus_the_offset(string endpoint, string address) =>
        Assert.Equal(address, ClusterAddresses.FromEndpoint(endpoint));

    [Theory]
    [InlineData("ftp://node.example:21")]
    [InlineData("node.example:7000")]
    [InlineData("http://node.example:65000")]
    public void An_endpoint_that_gives_no_usable_address_gives_none(string endpoint) => Assert.Null(ClusterAddresses.FromEndpoint(endpoint));

    [Fact]
    public void The_roster_lists_registered_nodes_not_disqualified_and_gives_custody_to_the_eligible_only()
    {
        var epoch = Rosters.Epoch(20);
        var list = new List<Masternode>
        {
            Rosters.Masternode("ok", "http://10.0.0.1:7101"),
            Rosters.Masternode("penalised", "http://10.0.0.2:7101") with { PenaltyUntilHeight = 30 },
            Rosters.Masternode("offline", "http://10.0.0.3:7101") with { Offline = true },
            Rosters.Masternode("disqualified", "http://10.0.0.4:7101") with { Disqualified = true },
            Rosters.Masternode("later", "http://10.0.0.5:7101", registeredAt: 21),
            Rosters.Masternode("bad-endpoint", "http://10.0.0.6:65001"),
        };
        var roster = MasternodeRoster.FromChain(epoch, list);
        Assert.Equal(epoch, roster.Epoch);
        Assert.Equal(3, roster.Entries.Count);
        Assert.True(roster.At("akka.tcp://fountain@10.0.0.1:8101")!.MayHoldCustody);
        Assert.False(roster.At("akka.tcp://fountain@10.0.0.2:8101")!.MayHoldCustody);
        Assert.False(roster.At("akka.tcp://fountain@10.0.0.3:8101")!.MayHoldCustody);
        Assert.False(roster.Contains("akka.tcp://fountain@10.0.0.4:8101"));
        Assert.False(roster.Contains("akka.tcp://fountain@10.0.0.5:8101"));
    }

    [Fact]
    public void Two_registrations_on_one_address_leave_it_to_the_earlier()
    {
        var roster = MasternodeRoster.FromChain(Rosters.Epoch(9),
            [Rosters.Masternode("late", "http://node.example:80", registeredAt: 5), Rosters.Masternode("early", "http://NODE.example", registeredAt: 2)]);
        Assert.Equal(Rosters.NodeId("early"), Assert.Single(roster.Entries).NodeId);
        Assert.Throws<ArgumentException>(() => Rosters.Of(Rosters.Epoch(1), "akka.tcp://fountain@a:1", "akka.tcp://fountain@A:1"));
    }

    [Fact]
    public void Every_node_derives_the_same_seeds_online_ones_first_oldest_registration_first_whatever_the_listing()
    {
        var addresses = Enumerable.Range(1, 8).Select(i => $"akka.tcp://fountain@10.0.0.{i}:8101").ToArray();
        // Registered at heights 10, 10, 9, 9, ... ; the fourth one (height 9) is flagged offline.
        var entries = addresses.Select((a, i) => new RosterEntry(Rosters.NodeId(a), a, MayHoldCustody: i != 3, RegisteredAtHeight: 10 - i / 2, Offline: i == 3)).ToList();
        var seeds = SeedNodes.Of(new MasternodeRoster(Rosters.Epoch(1), entries), 8);
        var reversed = SeedNodes.Of(new MasternodeRoster(Rosters.Epoch(2), entries.AsEnumerable().Reverse().ToList()), 8);
        Assert.Equal(seeds, reversed); // no epoch, no listing order in it
        Assert.Equal(addresses.Order(), seeds.Order());
        Assert.Equal(addresses[3], seeds[^1]); // the one flagged offline comes last
        Assert.Equal(addresses[6..8].OrderBy(a => Rosters.NodeId(a), StringComparer.Ordinal), seeds.Take(2)); // the oldest (height 7) first
        Assert.Equal(seeds.Take(3), SeedNodes.Of(new MasternodeRoster(Rosters.Epoch(1), entries), 3));
    }

    [Fact]
    public void A_roster_that_grows_by_new_registrations_keeps_its_first_seed_so_no_second_cluster_forms()
    {
        // Only the first seed may form a cluster. If it changed as nodes registered, two nodes reading the roster a height
        // apart could each be first in their own list and form two clusters that never merge.
        var random = new Random(13);
        var entries = Enumerable.Range(0, 40).Select(i => $"akka.tcp://fountain@10.0.1.{i}:8101")
            .Select((a, i) => new RosterEntry(Rosters.NodeId(a), a, MayHoldCustody: random.Next(3) > 0, RegisteredAtHeight: 1 + i / 4)).ToList();
        var firstSeeds = new HashSet<string>();
        for (long height = 1; height <= 10; height++)
            firstSeeds.Add(SeedNodes.Of(new MasternodeRoster(Rosters.Epoch(height), entries.Where(e => e.RegisteredAtHeight <= height).ToList()), 3)[0]);
        Assert.Single(firstSeeds);
    }
}
