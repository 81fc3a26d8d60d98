using System.Diagnostics;
using Akka.Actor;
using Fountain.Actors.Cluster;
using Fountain.Chain.Identity;
using Fountain.Chain.Selection;
using Fountain.Codec.Archive;
using Fountain.Node.Client;
using Fountain.Node.Cluster;
using Fountain.Node.Owner;
using Fountain.Cluster.Tests.Healing;
using Xunit.Abstractions;

namespace Fountain.Cluster.Tests.Membership;

/// <summary>
/// A member killed with SIGKILL (a separate `fountain node run` process): the split-brain resolver downs it, the
/// artwork shards it hosted start again on the members left, and an artwork whose blocks it held still heals.
/// </summary>
public sealed class CrashRehomingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fountain-crash-rehoming-").FullName;
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await MemberNodes.StartAsync(3, Path.Combine(_folder, "cluster"), heightInterval: TimeSpan.FromSeconds(1),
        offlineAfter: TimeSpan.FromSeconds(5), configure: (_, s) => s with { HoldersPerBlock = 2, Layout = HealingCluster.SmallBlocks });

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact(Timeout = 150_000)]
    public async Task A_member_killed_is_downed_its_shards_start_elsewhere_and_its_artworks_still_heal()
    {
        using var child = MemberProcess.Start(_cluster.ChainAddress, Path.Combine(_folder, "child"), "fountain.healing.enabled=false");
        var members = _cluster.RunningNodes.Select(n => n.ClusterMembership!.Address).ToList();
        var everyone = members.Append(child.ClusterAddress).ToList();
        var childEndpoint = $"http://127.0.0.1:{child.Port}/";
        try
        {
            await MemberNodes.EventuallyAsync(() => MemberNodes.AllSeeUp(_cluster.RunningNodes, everyone)
                && _cluster.Chain.State.Masternodes.Values.Any(m => m.Endpoint == childEndpoint && m.IsEligibleAt(_cluster.Chain.State.Head.Height)),
                TimeSpan.FromSeconds(60), "the process joined the cluster and the chain counts it");
        }
        catch (TimeoutException)
        {
            output.WriteLine(child.Output);
            throw;
        }
        var childId = _cluster.Chain.State.Masternodes.Values.Single(m => m.Endpoint == childEndpoint).Id;

        // An artwork stored on all four: with two holders per block, the process holds some of its blocks.
        var stored = await MemberNodes.StoreSmallArtworkAsync(_cluster, _folder);

        // Artwork actors on every member, some on the process.
        var asker = _cluster.Node(0);
        var region = ArtworkSharding.Region(asker.Actors);
        var artworks = Enumerable.Range(0, 24).Select(_ => Convert.ToHexStringLower(RandomBytes(32))).ToList();
        foreach (var a in artworks) region.Tell(new CheckArtwork(a, 1));
        Dictionary<string, string> homes = [];
        await MemberNodes.EventuallyAsync(async () => artworks.All((homes = await MemberNodes.ShardHomesAsync(asker, TimeSpan.FromSeconds(2))).ContainsKey),
            TimeSpan.FromSeconds(20), "every artwork's actor started");
        var onChild = artworks.Where(a => homes[a] == child.ClusterAddress).ToList();
        Assert.NotEmpty(onChild);

        var crash = Stopwatch.StartNew();
        await child.SignalAsync("KILL");
        await MemberNodes.EventuallyAsync(() => MemberNodes.ClusterOf(asker).State.Members.All(m => m.Address.ToString() != child.ClusterAddress),
            TimeSpan.FromSeconds(30), "the killed member removed");
        var downed = crash.Elapsed;
        await MemberNodes.EventuallyAsync(async () =>
        {
            foreach (var a in onChild) region.Tell(new CheckArtwork(a, 1));
            var now = await MemberNodes.ShardHomesAsync(asker, TimeSpan.FromSeconds(2));
            return onChild.All(a => now.TryGetValue(a, out var home) && members.Contains(home));
        }, TimeSpan.FromSeconds(30), "the killed member's artworks started on the members left");
        var rehomed = crash.Elapsed;
        output.WriteLine($"SIGKILL -> removed {downed.TotalMilliseconds:0} ms, its {onChild.Count} shards re-homed {rehomed.TotalMilliseconds:0} ms");
        Assert.True(rehomed < TimeSpan.FromSeconds(25), $"re-homing took {rehomed}");

        // The stored artwork heals without the process: once the chain finds it offline, a running custodian primary
        // checks the artwork and copies the blocks the process held to new holders.
        await MemberNodes.EventuallyAsync(() => _cluster.Chain.State.Masternodes[childId].Offline, TimeSpan.FromSeconds(30), "the chain flags the process offline");
        var report = await CheckByRunningPrimaryAsync(stored.ArtworkId);
        output.WriteLine($"heal check at {report.EpochHeight}: redundancy {report.Before.Redundancy:F2}, {report.BlocksCopied} copies, {report.BlocksAdded} blocks added");
        Assert.Null(report.Failure);
        Assert.True(report.BlocksCopied > 0, "no block of the process was copied to a new holder");
    }

    /// <summary>Waits, height by height, for an epoch whose custodian primary runs here and asks it to check the artwork, until a check restores holders.</summary>
    private async Task<Fountain.Node.Healing.CheckReport> CheckByRunningPrimaryAsync(string artworkId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        Fountain.Node.Healing.CheckReport? last = null;
        while (DateTime.UtcNow < deadline)
        {
            var state = _cluster.Chain.State;
            var primary = Custody.Custodians(artworkId, state.Head, state.Masternodes.Values, 1)[0];
            try
            {
                if (_cluster.RunningNodes.FirstOrDefault(n => n.NodeId == primary) is { } node && await node.CheckArtworkAsync(artworkId) is { } report)
                {
                    if (report.Failure is null && report.BlocksCopied > 0) return report;
                    last = report;
                }
            }
            catch (OperationCanceledException e) when (e.Message.Contains("stopped", StringComparison.Ordinal))
            {
                // The shard moved to the next epoch's custodian mid-check (a hand-off stops the actor); the node's loop asks again next round, so does this.
                output.WriteLine(e.Message);
            }
            await Task.Delay(300);
        }
        return last ?? throw new TimeoutException("no running custodian primary checked the artwork");
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }
}
