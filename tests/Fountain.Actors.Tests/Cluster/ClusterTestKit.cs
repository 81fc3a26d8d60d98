using Akka.Actor;
using Akka.Cluster;
using Fountain.Actors.Cluster;
using Xunit.Abstractions;

namespace Fountain.Actors.Tests.Cluster;

/// <summary>Cluster tests run one at a time: each forms a cluster of several actor systems, and timings matter on a shared 2-core machine.</summary>
[CollectionDefinition("cluster", DisableParallelization = true)]
public sealed class ClusterCollection;

/// <summary>
/// A test kit whose system is the first node of a test cluster (named "fountain" like every masternode's, on a free
/// loopback port); a test starts the other nodes with <see cref="StartSystem(string?, string?)"/> and makes them Fountain nodes with
/// <see cref="StartNodesAsync"/>. Every node reads the one <see cref="Directory"/>, the test's chain.
/// </summary>
[Collection("cluster")]
public abstract class ClusterTestKit(ITestOutputHelper output, Func<int, ClusterNodeOptions>? options = null, string? extraHocon = null)
    : Akka.TestKit.Xunit2.TestKit(ClusterTestNodes.Setup((options ?? ClusterTestNodes.Quick)(ClusterTestNodes.FreePort()), extraHocon), ClusterAddresses.SystemName, output), IAsyncLifetime
{
    protected static readonly TimeSpan Ask = TimeSpan.FromSeconds(10);

    private readonly Func<int, ClusterNodeOptions> _options = options ?? ClusterTestNodes.Quick;
    private readonly List<ActorSystem> _others = [];

    internal MemoryDirectory Directory { get; } = new();

    protected string SysAddress => Akka.Cluster.Cluster.Get(Sys).SelfAddress.ToString();

    /// <summary>Another node's actor system on a free port (not yet a Fountain node, not joined); <paramref name="hocon"/> goes over the test's own.</summary>
    protected ActorSystem StartSystem(string? hocon = null, string? journal = null)
    {
        var system = ClusterTestNodes.Create(_options(ClusterTestNodes.FreePort()), hocon is null ? extraHocon : hocon + "\n" + extraHocon, journal);
        _others.Add(system);
        return system;
    }

    protected static string AddressOf(ActorSystem system) => Akka.Cluster.Cluster.Get(system).SelfAddress.ToString();

    /// <summary>Makes the systems Fountain nodes (region, guard); their guards join the seeds the roster gives.</summary>
    internal async Task<List<ClusterTestNode>> StartNodesAsync(IEnumerable<ActorSystem> systems)
    {
        var nodes = new List<ClusterTestNode>();
        foreach (var system in systems) nodes.Add(await ClusterTestNodes.StartAsync(system, Directory));
        return nodes;
    }

    internal static Task WaitUpAsync(IEnumerable<ClusterTestNode> nodes, IReadOnlyCollection<string> members, TimeSpan timeout) =>
        ClusterTestNodes.EventuallyAsync(() => ClusterTestNodes.AllSeeUp(nodes, members), timeout, $"every node sees {members.Count} members Up");

    /// <summary>
    /// Waits until every member's artwork region is registered with the shard coordinator. Until then the coordinator can
    /// only place a shard on the regions it knows (the custody rule's next choice among them) and rebalancing corrects it
    /// later, so a test that checks placement right after formation waits for this first.
    /// </summary>
    internal static Task WaitRegionsAsync(ClusterTestNode asker, IReadOnlyCollection<string> members, TimeSpan timeout) =>
        ClusterTestNodes.EventuallyAsync(async () =>
        {
            var regions = await asker.Region.Ask<Akka.Cluster.Sharding.CurrentRegions>(Akka.Cluster.Sharding.GetCurrentRegions.Instance, TimeSpan.FromSeconds(2));
            return members.All(m => regions.Regions.Any(r => r.ToString() == m));
        }, timeout, $"the regions of {members.Count} members registered with the coordinator");

    /// <summary>Every node sees the members Up and their regions are registered.</summary>
    internal static async Task WaitFormedAsync(IReadOnlyList<ClusterTestNode> nodes, IReadOnlyCollection<string> members, TimeSpan timeout)
    {
        await WaitUpAsync(nodes, members, timeout);
        await WaitRegionsAsync(nodes[0], members, timeout);
    }

    /// <summary>The member the custody rule prefers for the artwork among <paramref name="up"/>, at the directory's roster.</summary>
    internal string Preferred(string artworkId, IReadOnlyCollection<string> up)
    {
        var rule = new RosterCustodyRule();
        rule.Update(Directory.Roster);
        return rule.Preferred(artworkId, up) ?? throw new InvalidOperationException("no custodian");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await ClusterTestNodes.TerminateAllAsync(_others.Where(s => !s.WhenTerminated.IsCompleted));
}
