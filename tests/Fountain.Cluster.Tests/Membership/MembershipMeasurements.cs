using System.Diagnostics;
using Fountain.Node.Cluster;
using Xunit.Abstractions;

namespace Fountain.Cluster.Tests.Membership;

/// <summary>
/// The cluster's timings with real masternodes (NodeHost, Kestrel, the chain over HTTP) and the node's default cluster
/// settings (reference.conf: seed-node-timeout 1 s, stable-after 5 s), 12 nodes on loopback in one process: a graceful
/// leave (a node stopped: leave, hand-off, shutdown; target ≤ 3 s) and formation after the last node starts (it is
/// stopped and started again on its data; target ≤ 3 s). The bounds asserted are looser than the targets so that a busy
/// shared machine does not fail the build; the figures are printed. SIGKILL is measured in CrashRehomingTests (a process).
/// </summary>
[Trait("Category", "Measurement")]
public sealed class MembershipMeasurements(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Nodes = 12;
    private readonly string _folder = Directory.CreateTempSubdirectory("fountain-membership-measure-").FullName;
    private LocalCluster _cluster = null!;

    private readonly Stopwatch _sinceLastStarted = new();

    /// <summary>Starts the nodes one after the other (each registers on the chain as it starts) and times from the last one's start.</summary>
    public async Task InitializeAsync() => _cluster = await MemberNodes.StartAsync(Nodes, _folder, new NodeClusterSettings(),
        status: new SynchronousProgress(line => { if (line.StartsWith($"node {Nodes - 1} ", StringComparison.Ordinal)) _sinceLastStarted.Restart(); }));

    private sealed class SynchronousProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact(Timeout = 300_000)]
    public async Task Twelve_nodes_leave_and_form_within_their_targets()
    {
        var all = _cluster.RunningNodes.Select(n => n.ClusterMembership!.Address).ToList();
        await MemberNodes.EventuallyAsync(() => MemberNodes.AllSeeUp(_cluster.RunningNodes, all), TimeSpan.FromSeconds(60), "12 Up");
        var formed = _sinceLastStarted.Elapsed;
        output.WriteLine($"formation: every node sees {Nodes} Up {formed.TotalSeconds:F2} s after the last one started (target ≤ 3 s)");

        var stay = _cluster.RunningNodes.Take(Nodes - 1).ToList();
        var leaving = Stopwatch.StartNew();
        await _cluster.StopNodeAsync(Nodes - 1);
        var stopped = leaving.Elapsed;
        await MemberNodes.EventuallyAsync(() => MemberNodes.AllSeeUp(stay, all.Take(Nodes - 1).ToList()), TimeSpan.FromSeconds(30), "11 Up");
        var left = leaving.Elapsed;
        output.WriteLine($"graceful leave: node stopped (leave, hand-off, shutdown) in {stopped.TotalSeconds:F2} s, gone from every view after {left.TotalSeconds:F2} s (target ≤ 3 s)");

        await _cluster.StartNodeAsync(Nodes - 1);
        var rejoin = Stopwatch.StartNew(); // the same node at the same address, a new incarnation
        await MemberNodes.EventuallyAsync(() => MemberNodes.AllSeeUp(_cluster.RunningNodes, all), TimeSpan.FromSeconds(30), "12 Up again");
        output.WriteLine($"rejoin: every node sees {Nodes} Up {rejoin.Elapsed.TotalSeconds:F2} s after the stopped node started again");
        Assert.True(formed < TimeSpan.FromSeconds(20), $"formation took {formed}");
        Assert.True(left < TimeSpan.FromSeconds(15), $"the leave took {left}");
    }
}
