using System.Diagnostics;
using Akka.Actor;
using Fountain.Actors.Cluster;
using Fountain.Node.Cluster;
using Fountain.Node.Hosting;
using Xunit.Abstractions;

namespace Fountain.Cluster.Tests.Membership;

/// <summary>
/// Real masternodes (NodeHost, Kestrel, the chain over HTTP) in cluster mode: they form one Akka cluster from the
/// chain's roster alone, an artwork's actor lives on its custodian primary, and a node stopped gracefully leaves with
/// its shards handed off to the next custodian.
/// </summary>
public sealed class MembershipTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fountain-membership-").FullName;
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await MemberNodes.StartAsync(3, _folder);

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private IReadOnlyList<string> Addresses => _cluster.RunningNodes.Select(n => n.ClusterMembership!.Address).ToList();

    [Fact]
    public async Task Nodes_form_one_cluster_of_the_chains_masternodes_and_the_custodian_hosts_the_artworks_actor()
    {
        var formed = Stopwatch.StartNew();
        await MemberNodes.EventuallyAsync(() => MemberNodes.AllSeeUp(_cluster.RunningNodes, Addresses), TimeSpan.FromSeconds(20), "all three Up in one cluster");
        output.WriteLine($"3 members Up {formed.ElapsedMilliseconds} ms after the last node started");
        Assert.All(_cluster.RunningNodes, n => Assert.Equal(ClusterAddresses.SystemName, n.Actors.Name));

        // The chain's custody primary of an artwork is one node; the check it asks for runs on its own member.
        var artwork = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var (primary, _) = await PrimaryOfAsync(artwork);
        string? home = null;
        await MemberNodes.EventuallyAsync(async () => (home = (await MemberNodes.ShardHomesAsync(_cluster.Node(0), TimeSpan.FromSeconds(2))).GetValueOrDefault(artwork)) is not null,
            TimeSpan.FromSeconds(10), "the coordinator reports the artwork's shard");
        Assert.Equal(primary.ClusterMembership!.Address, home);
    }

    [Fact]
    public async Task A_node_stopped_gracefully_leaves_and_its_artworks_move_to_the_next_custodian()
    {
        await MemberNodes.EventuallyAsync(() => MemberNodes.AllSeeUp(_cluster.RunningNodes, Addresses), TimeSpan.FromSeconds(20), "all three Up in one cluster");
        var artwork = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var (primary, index) = await PrimaryOfAsync(artwork);
        var leaving = primary.ClusterMembership!.Address;
        var others = _cluster.RunningNodes.Where(n => n != primary).ToList();

        var left = Stopwatch.StartNew();
        await _cluster.StopNodeAsync(index);
        output.WriteLine($"stop (leave, hand-off, shutdown) took {left.ElapsedMilliseconds} ms");
        var remaining = others.Select(n => n.ClusterMembership!.Address).ToList();
        await MemberNodes.EventuallyAsync(() => MemberNodes.AllSeeUp(others, remaining), TimeSpan.FromSeconds(10), "the others see it gone");
        output.WriteLine($"gone for the others {left.ElapsedMilliseconds} ms after the stop began");

        // The next message starts the artwork on the custody rule's choice among the members left.
        var asker = others[0];
        ArtworkSharding.Region(asker.Actors).Tell(new CheckArtwork(artwork, 1));
        var expected = asker.ClusterMembership!.RuleChoice(artwork, remaining);
        Assert.NotNull(expected);
        Assert.NotEqual(leaving, expected);
        // When the leaver was the oldest member the coordinator moves too, and until every region has registered with the new
        // one a shard may start on the rule's next choice among those registered; the next rebalance moves it (CLUSTER.md).
        string? home = null;
        await MemberNodes.EventuallyAsync(async () => (home = (await MemberNodes.ShardHomesAsync(asker, TimeSpan.FromSeconds(2))).GetValueOrDefault(artwork)) == expected,
            TimeSpan.FromSeconds(20), $"the artwork started again on {expected} (last seen on {home ?? "no member"})");
        Assert.Equal(expected, home);
    }

    /// <summary>
    /// The node the chain names the artwork's custodian primary: the one whose CheckArtworkAsync runs a check (the others
    /// answer null without asking). The artwork is not on the chain, so the check itself fails, on its actor's member.
    /// </summary>
    private async Task<(NodeHost Node, int Index)> PrimaryOfAsync(string artwork)
    {
        for (int i = 0; i < _cluster.Count; i++)
        {
            if (!_cluster.IsRunning(i)) continue;
            try
            {
                if (await _cluster.Node(i).CheckArtworkAsync(artwork) is not null) return (_cluster.Node(i), i);
            }
            catch (InvalidOperationException e) when (e.Message.Contains("not registered", StringComparison.Ordinal))
            {
                return (_cluster.Node(i), i);
            }
        }
        throw new InvalidOperationException("no node is the artwork's primary");
    }
}
