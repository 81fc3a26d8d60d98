using System.Diagnostics;
using Akka.Actor;
using Akka.Remote;
using Akka.Remote.Transport;
using Xunit.Abstractions;

namespace Fountain.Actors.Tests.Cluster;

/// <summary>
/// A network partition healed by the split-brain resolver (keep-majority), in one process: Akka.Remote's throttling
/// transport adapter (trttl, the one Akka's own multi-node tests use) blackholes the links between a majority of 3 and a
/// minority of 2. The minority downs itself and stops; the majority downs the minority, and the minority's artworks start
/// on the majority's members.
/// </summary>
public sealed class PartitionClusterTests(ITestOutputHelper output)
    : ClusterTestKit(output, extraHocon: "akka.remote.dot-netty.tcp.applied-adapters = [trttl]")
{
    private static readonly string[] Artworks = Enumerable.Range(0, 15).Select(i => Rosters.ArtworkId("partitioned-" + i)).ToArray();

    private static async Task BlackholeAsync(ActorSystem from, ActorSystem to)
    {
        // RARP is internal in 1.5.75; the provider is public (the cluster provider is a remote provider).
        var transport = ((IRemoteActorRefProvider)((ExtendedActorSystem)from).Provider).Transport;
        Assert.True(await transport.ManagementCommand(new SetThrottle(Akka.Cluster.Cluster.Get(to).SelfAddress, ThrottleTransportAdapter.Direction.Both, Blackhole.Instance))
            .WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_partition_is_healed_by_keep_majority_and_the_minoritys_artworks_move_to_the_majority()
    {
        var others = Enumerable.Range(0, 4).Select(_ => StartSystem()).ToList();
        string[] all = [SysAddress, .. others.Select(AddressOf)];
        Assert.All(all, a => Assert.StartsWith("akka.trttl.tcp://", a)); // the adapter is in the address: the roster uses the real ones
        Directory.Roster = Rosters.Of(Rosters.Epoch(1), all);
        var nodes = await StartNodesAsync([Sys, .. others]);
        await WaitFormedAsync(nodes, all, TimeSpan.FromSeconds(30));
        foreach (var artwork in Artworks) await nodes[0].CheckAsync(artwork, Ask);

        var majority = nodes.Take(3).ToList();
        var minority = nodes.Skip(3).ToList();
        var survivors = majority.Select(n => n.Address).ToList();
        var stranded = Artworks.Where(a => minority.Any(n => n.Address == Preferred(a, all))).ToList();
        Output.WriteLine($"{stranded.Count} of {Artworks.Length} artworks live on the minority");

        var partitioned = Stopwatch.StartNew();
        foreach (var a in majority)
        foreach (var b in minority)
        {
            await BlackholeAsync(a.System, b.System);
            await BlackholeAsync(b.System, a.System);
        }
        await Task.WhenAll(minority.Select(n => n.System.WhenTerminated)).WaitAsync(TimeSpan.FromSeconds(40));
        Output.WriteLine($"minority downed itself and stopped {partitioned.Elapsed.TotalSeconds:F1} s after the partition");
        await WaitUpAsync(majority, survivors, TimeSpan.FromSeconds(30));
        Output.WriteLine($"majority alone and Up {partitioned.Elapsed.TotalSeconds:F1} s after the partition");

        foreach (var artwork in Artworks)
            Assert.Equal(Preferred(artwork, survivors), (await majority[1].CheckUntilAnsweredAsync(artwork, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20))).RanOn);
        Output.WriteLine($"every artwork answered from the majority {partitioned.Elapsed.TotalSeconds:F1} s after the partition");
    }
}
