using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Fountain.Node.Hosting;

namespace Fountain.Node.Cluster;

/// <summary>What one node sees of the masternodes' Akka cluster at a moment.</summary>
/// <param name="Up">Addresses of the members it sees Up.</param>
/// <param name="Unreachable">Members its failure detector marks unreachable (a crash, not a leave).</param>
/// <param name="Terminated">Its actor system has stopped (a member that was downed shuts itself down).</param>
public sealed record ClusterSight(IReadOnlySet<string> Up, int Unreachable, bool Terminated);

/// <summary>
/// The cluster as the nodes of a <see cref="LocalCluster"/> see it, read in process from each node's Akka cluster
/// state (which lags the cluster's events a little: fine for a wait that polls). For `fountain cluster demo`, which
/// prints the cluster's formation and its view after nodes stop and join.
/// </summary>
public static class ClusterSights
{
    /// <summary>What <paramref name="node"/> sees; null when it runs alone (not in cluster mode).</summary>
    public static ClusterSight? Of(NodeHost node)
    {
        if (node.ClusterMembership is null) return null;
        if (node.Actors.WhenTerminated.IsCompleted) return new ClusterSight(new HashSet<string>(), 0, Terminated: true);
        var state = Akka.Cluster.Cluster.Get(node.Actors).State;
        var up = state.Members.Where(m => m.Status == MemberStatus.Up).Select(m => m.Address.ToString()).ToHashSet(StringComparer.Ordinal);
        return new ClusterSight(up, state.Unreachable.Count, Terminated: false);
    }

    /// <summary>Whether <paramref name="node"/>'s actor system runs and it sees exactly <paramref name="addresses"/> Up.</summary>
    public static bool SeesExactlyUp(NodeHost node, IReadOnlySet<string> addresses) => Of(node) is { Terminated: false } sight && sight.Up.SetEquals(addresses);

    /// <summary>
    /// Polls every 50 ms until every running node sees exactly the running nodes Up (no more, no fewer, none
    /// unreachable); the time it took, or null after <paramref name="timeout"/>. Null at once when the nodes run alone.
    /// </summary>
    public static async Task<TimeSpan?> WaitUntilRunningNodesUpAsync(LocalCluster cluster, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var running = cluster.RunningNodes.ToList();
            if (running.Any(n => n.ClusterAddress is null)) return null;
            var addresses = running.Select(n => n.ClusterAddress!).ToHashSet(StringComparer.Ordinal);
            if (running.All(n => Of(n) is { Terminated: false, Unreachable: 0 } sight && sight.Up.SetEquals(addresses))) return clock.Elapsed;
            if (clock.Elapsed > timeout) return null;
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellation).ConfigureAwait(false);
        }
    }
}

/// <summary>The artwork shards of a <see cref="LocalCluster"/> in cluster mode, for the demo's heal rounds.</summary>
public static class ClusterShards
{
    /// <summary>
    /// Has every running node's guard read the roster now, and waits until each node's custody rule (the shard
    /// allocation's) is at the chain's height <paramref name="height"/>; false after <paramref name="timeout"/>. A caller that
    /// holds the chain's head still then knows the coordinator places a shard on that height's custodian.
    /// </summary>
    public static async Task<bool> RefreshRostersAsync(LocalCluster cluster, long height, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        foreach (var node in cluster.RunningNodes) node.ClusterMembership?.RefreshRoster();
        while (!cluster.RunningNodes.All(n => n.ClusterMembership is not { } m || m.Roster?.Epoch.Height == height))
        {
            if (clock.Elapsed > timeout) return false;
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellation).ConfigureAwait(false);
        }
        return true;
    }

    /// <summary>Shard id (= artwork id) -> the cluster address of the member hosting it, as the coordinator reports through <paramref name="node"/>'s region.</summary>
    public static async Task<Dictionary<string, string>> HomesAsync(NodeHost node, TimeSpan timeout)
    {
        var region = Fountain.Actors.Cluster.ArtworkSharding.Region(node.Actors);
        var stats = await region.Ask<Akka.Cluster.Sharding.ClusterShardingStats>(new Akka.Cluster.Sharding.GetClusterShardingStats(timeout), timeout + TimeSpan.FromSeconds(2))
            .ConfigureAwait(false);
        return stats.Regions.SelectMany(r => r.Value.Stats.Keys.Select(shard => (shard, member: r.Key.ToString()))).ToDictionary(x => x.shard, x => x.member);
    }

    /// <summary>The cluster address of the member hosting the artwork's shard; null when no member hosts it.</summary>
    public static async Task<string?> HomeOfAsync(NodeHost node, string artworkId, TimeSpan timeout) =>
        (await HomesAsync(node, timeout).ConfigureAwait(false)).GetValueOrDefault(artworkId);
}
