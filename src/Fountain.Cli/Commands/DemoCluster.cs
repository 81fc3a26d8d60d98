using System.Diagnostics;
using Fountain.Chain.Configuration;
using Fountain.Cli.Terminal;
using Fountain.Node.Cluster;
using Fountain.Node.Configuration;
using Spectre.Console;

namespace Fountain.Cli.Commands;

/// <summary>
/// The network of `fountain cluster demo` and its Akka cluster (issue 13): the masternodes are members of one cluster,
/// their artwork actors sharded on their custodians, as on a real network. A member's Akka address is derived from its
/// registered endpoint (API port + akka-port-offset), so the demo cannot use ephemeral ports (a LocalCluster on port 0
/// runs every node alone): it picks a block of free ports itself (<see cref="FreePorts"/>) and, when a port is taken
/// between that check and a node's bind, starts again on another block. With --no-cluster the nodes run alone on
/// ephemeral ports, each with its local artwork region, as before issue 13.
/// </summary>
internal static class DemoCluster
{
    /// <summary>Starts after a port was taken between the check and the bind: three blocks of fresh ports in a row taken is not a race any more.</summary>
    private const int MaxStartAttempts = 3;

    /// <summary>How long the demo waits for the members' views to agree (formation, the leaves, the joins) before it says they did not.</summary>
    private static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The chain (on a free port) and <paramref name="nodeCount"/> masternodes, in one Akka cluster when
    /// <paramref name="clustered"/>; with a progress bar of one unit per start. Prints the cluster's formation.
    /// </summary>
    public static async Task<LocalCluster> StartAsync(string folder, int nodeCount, ChainSettings chain, NodeSettings node, bool clustered)
    {
        for (int attempt = 1; ; attempt++)
        {
            // Not the demo's seeded randomness: the ports must not change which nodes the seed stops and corrupts.
            int firstPort = clustered ? FreePorts.FindRange(nodeCount, PortOffsets(node), Random.Shared) : 0;
            try
            {
                return await StartOnceAsync(folder, nodeCount, chain, node, firstPort);
            }
            catch (Exception e) when (clustered && attempt < MaxStartAttempts && FreePorts.IsAddressInUse(e))
            {
                Ui.Step($"   [yellow]a port from {firstPort} was taken before a node could bind it ({Markup.Escape(e.GetBaseException().Message)}); starting again on other ports[/]");
                // LocalCluster.StartAsync stopped what it had started; its chain and nodes start afresh.
                Directory.Delete(NetworkFolder(folder), recursive: true);
            }
        }
    }

    /// <summary>
    /// Node index -> the API port a newcomer started in that slot listens on. A newcomer is a new identity (an empty
    /// folder, a new key) and the chain refuses a second masternode at a registered endpoint: the stopped identity still
    /// holds the slot's first port, so in cluster mode the newcomer gets a port of its own (one demo per process).
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, int> NewcomerPorts = new();

    /// <summary>
    /// Starts new masternodes (empty folders, new keys: new identities) in the slots of stopped ones: on ephemeral ports
    /// when the nodes run alone, on a fresh block of free ports in the cluster, again on another block when a port
    /// was taken before a newcomer bound it. <paramref name="started"/> is told after each start.
    /// </summary>
    public static async Task StartNewcomersAsync(LocalCluster cluster, IReadOnlyList<int> slots, Action<int> started)
    {
        bool clustered = Clustered(cluster);
        var settings = cluster.RunningNodes.First().Settings;
        int done = 0;
        for (int attempt = 1; done < slots.Count; attempt++)
        {
            var left = slots.Skip(done).ToList();
            int firstPort = clustered ? FreePorts.FindRange(left.Count, PortOffsets(settings), Random.Shared) : 0;
            try
            {
                foreach (var (slot, n) in left.Select((slot, n) => (slot, n)))
                {
                    Directory.Delete(cluster.NodeFolder(slot), recursive: true);
                    if (clustered) NewcomerPorts[slot] = firstPort + n;
                    await cluster.StartNodeAsync(slot);
                    started(++done);
                }
            }
            catch (Exception e) when (clustered && attempt < MaxStartAttempts && FreePorts.IsAddressInUse(e))
            {
                Ui.Step($"   [yellow]a port from {firstPort} was taken before a new node could bind it ({Markup.Escape(e.GetBaseException().Message)}); trying other ports[/]");
            }
        }
    }

    public static string NetworkFolder(string folder) => Path.Combine(folder, "network");

    /// <summary>Each node binds its API port, its Akka port (+ akka-port-offset) and, unless set apart, its status page (+ the status offset).</summary>
    private static int[] PortOffsets(NodeSettings node) =>
        node.Status is { Enabled: true, ListenUrl: null } ? [0, node.Cluster.AkkaPortOffset, node.Status.PortOffset] : [0, node.Cluster.AkkaPortOffset];

    private static async Task<LocalCluster> StartOnceAsync(string folder, int nodeCount, ChainSettings chain, NodeSettings node, int firstPort)
    {
        var sinceLastStarted = new Stopwatch();
        var cluster = await Ui.WithProgressAsync(board =>
        {
            // The cluster reports the chain, then each node, as it starts them: one unit each.
            var bar = board.Add($"starting a chain and {nodeCount} masternodes", nodeCount + 1, v => $"{v:0}");
            int started = 0;
            return LocalCluster.StartAsync(new LocalClusterOptions
            {
                DataFolder = NetworkFolder(folder), Nodes = nodeCount, ChainListen = "http://127.0.0.1:0", FirstNodePort = firstPort,
                // The demo seals the heights itself (DemoHeights), at the chain's height-interval, so that a heal round can hold the head.
                Chain = chain.Chain with { HeightInterval = DemoHeights.IdleTimer },
                Server = chain.Server,
                // Healing is driven by the demo (steps 7 to 9) rather than by each node's timer, so that it can print each round.
                Node = node with { Healing = node.Healing with { Enabled = false } },
                ConfigureNode = (i, settings) => NewcomerPorts.TryGetValue(i, out int port) ? settings with { ListenUrl = $"http://127.0.0.1:{port}" } : settings,
            }, new SynchronousProgress(line =>
            {
                // Formation is timed from the last node's start, as MembershipMeasurements does (its registration is sealed after it starts).
                if (line.StartsWith($"node {nodeCount - 1} ", StringComparison.Ordinal)) sinceLastStarted.Restart();
                bar.Update(Interlocked.Increment(ref started));
            }));
        });
        if (firstPort == 0)
        {
            Ui.Step("   cluster: none (--no-cluster or fountain.node.cluster.enabled = false): every masternode runs alone on ephemeral ports, with its own artwork region");
            return cluster;
        }
        var formed = await SettleAsync(cluster, "cluster forming");
        var akka = firstPort + node.Cluster.AkkaPortOffset;
        var ports = $"API ports {firstPort}-{firstPort + nodeCount - 1}, Akka ports {akka}-{akka + nodeCount - 1}";
        Ui.Step(formed is null
            ? $"   [yellow]cluster: not formed after {SettleLimit.TotalSeconds:0} s[/]: {Markup.Escape(Describe(cluster))} ({ports})"
            : $"   cluster: {nodeCount} members Up in {sinceLastStarted.Elapsed.TotalSeconds:0.0} s (every node sees all {nodeCount}, timed from the last node's start; {ports})");
        return cluster;
    }

    /// <summary>Whether the demo's masternodes are members of a cluster (not --no-cluster).</summary>
    public static bool Clustered(LocalCluster cluster) => cluster.RunningNodes.Any(n => n.ClusterAddress is not null);

    /// <summary>
    /// Waits, with a progress bar of the running nodes whose view agrees, until every running node sees exactly the
    /// running nodes Up; the time it took, or null after <see cref="SettleLimit"/>.
    /// </summary>
    public static Task<TimeSpan?> SettleAsync(LocalCluster cluster, string description) => Ui.WithProgressAsync(async board =>
    {
        var running = cluster.RunningNodes.ToList();
        var bar = board.Add($"{description} (nodes seeing every running node Up)", running.Count, v => $"{v:0}");
        var addresses = running.Select(n => n.ClusterAddress!).ToHashSet(StringComparer.Ordinal);
        using var stop = new CancellationTokenSource();
        var shown = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                bar.Update(running.Count(n => ClusterSights.SeesExactlyUp(n, addresses)));
                try { await Task.Delay(TimeSpan.FromMilliseconds(200), stop.Token); }
                catch (OperationCanceledException) { }
            }
        });
        var took = await ClusterSights.WaitUntilRunningNodesUpAsync(cluster, SettleLimit);
        await stop.CancelAsync();
        await shown;
        if (took is not null)
        {
            bar.Update(running.Count);
            bar.Complete();
        }
        else bar.Update(running.Count(n => ClusterSights.SeesExactlyUp(n, addresses)));
        return took;
    });

    /// <summary>What the running nodes see, for a view that did not settle: how many Up (a range when they disagree), unreachable, downed.</summary>
    public static string Describe(LocalCluster cluster)
    {
        var sights = cluster.RunningNodes.Select(ClusterSights.Of).OfType<ClusterSight>().ToList();
        var live = sights.Where(s => !s.Terminated).ToList();
        if (live.Count == 0) return $"every running node's actor system has stopped ({sights.Count} downed)";
        int least = live.Min(s => s.Up.Count), most = live.Max(s => s.Up.Count);
        var text = least == most ? $"the running nodes see {least} members Up" : $"the running nodes see {least} to {most} members Up";
        int unreachable = live.Max(s => s.Unreachable);
        if (unreachable > 0) text += $", up to {unreachable} unreachable";
        // Members that never met form separate clusters (Akka never merges two): say so with their sizes.
        var islands = live.GroupBy(s => string.Join(' ', s.Up.Order(StringComparer.Ordinal))).Select(g => g.First().Up.Count).OrderDescending().ToList();
        if (islands.Count > 1) text += $"; {islands.Count} different views (members Up: {string.Join(", ", islands)})";
        int downed = sights.Count - live.Count;
        if (downed > 0) text += $"; {downed} running nodes were downed (their actor systems stopped)";
        return text;
    }

    /// <summary>Reports on the calling thread: the formation clock must start when the last node has started, not when a thread-pool item runs.</summary>
    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
