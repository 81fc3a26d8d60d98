using System.Diagnostics;
using Akka.Cluster;
using Fountain.Node.Cluster;
using Xunit.Abstractions;

namespace Fountain.Cluster.Tests.Membership;

/// <summary>
/// `fountain node run` stopped with SIGTERM leaves the cluster gracefully and exits 0: the other members see it leave
/// (never unreachable, never downed), within seconds. Before, the command ignored the signal and needed SIGKILL.
/// </summary>
public sealed class SignalLeaveTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fountain-signal-leave-").FullName;
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await MemberNodes.StartAsync(2, Path.Combine(_folder, "cluster"), heightInterval: TimeSpan.FromSeconds(1));

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_node_process_sent_SIGTERM_leaves_the_cluster_and_exits_0()
    {
        using var child = MemberProcess.Start(_cluster.ChainAddress, Path.Combine(_folder, "child"));
        var everyone = _cluster.RunningNodes.Select(n => n.ClusterMembership!.Address).Append(child.ClusterAddress).ToList();
        try
        {
            await MemberNodes.EventuallyAsync(() => MemberNodes.AllSeeUp(_cluster.RunningNodes, everyone), TimeSpan.FromSeconds(60), "the process joined the cluster");
        }
        catch (TimeoutException)
        {
            output.WriteLine(child.Output);
            throw;
        }

        var observer = MemberNodes.ClusterOf(_cluster.Node(0));
        bool sawUnreachable = false, sawDown = false;
        var stopping = Stopwatch.StartNew();
        await child.SignalAsync("TERM");
        bool removed = false;
        while (stopping.Elapsed < TimeSpan.FromSeconds(20) && !(removed && child.HasExited))
        {
            var state = observer.State;
            var member = state.Members.FirstOrDefault(m => m.Address.ToString() == child.ClusterAddress);
            sawUnreachable |= state.Unreachable.Any(m => m.Address.ToString() == child.ClusterAddress);
            sawDown |= member?.Status == MemberStatus.Down;
            if (member is null && !removed)
            {
                removed = true;
                output.WriteLine($"removed from the cluster {stopping.ElapsedMilliseconds} ms after SIGTERM");
            }
            await Task.Delay(20);
        }
        Assert.True(child.HasExited, "the process still runs 20 s after SIGTERM:\n" + child.Output);
        output.WriteLine($"exited {stopping.ElapsedMilliseconds} ms after SIGTERM");
        Assert.Equal(0, child.ExitCode);
        Assert.True(removed, "the others still list it");
        Assert.False(sawUnreachable, "it was seen unreachable: it did not leave, it vanished");
        Assert.False(sawDown, "it was downed rather than leaving");
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"the stop took {stopping.Elapsed}");
    }
}
