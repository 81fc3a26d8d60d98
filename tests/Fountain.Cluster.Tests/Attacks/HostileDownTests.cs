using System.Diagnostics;
using Akka.Actor;
using Fountain.Cluster.Tests.Membership;
using Fountain.Codec.Hashing;
using Xunit.Abstractions;

namespace Fountain.Cluster.Tests.Attacks;

/// <summary>
/// Issue 13, "Down": Akka has no authorisation on membership, so a modified member can down any honest member with
/// <c>Cluster.Down</c>. The test is that hostile member (it downs through one node's own actor system). A downed node
/// must cost at most slower coordination: it keeps its API (blocks served), its chain duties (storage reports, so no
/// offline flag and no penalty), and it keeps checking and healing the artworks it is custodian of, alone.
/// </summary>
[Collection(NetworkCollection.Name)]
public sealed class HostileDownTests(ITestOutputHelper output)
{
    [Fact(Timeout = NetworkCollection.TestTimeoutMilliseconds)]
    public async Task A_member_downed_by_a_hostile_member_keeps_serving_reporting_and_healing_its_artworks_alone()
    {
        await using var h = await HostileMemberCluster.StartAsync(4, "hostile-down");
        await h.AllUpAsync();
        var (ticket, archive) = await h.StoreAsync(64 * 1024, seed: 13);
        var hostile = h.Cluster.Node(0);

        // The victim: the artwork's custodian primary (not the hostile node), whose verifiers run.
        var custody = await h.SealUntilCustodyAsync(ticket.ArtworkId, c => c[0] != hostile.NodeId);
        var victim = h.NodeById(custody[0]);
        output.WriteLine($"victim {victim.ClusterAddress} (node {h.IndexOf(victim)}), hostile {hostile.ClusterAddress}");

        var downed = Stopwatch.StartNew();
        Akka.Cluster.Cluster.Get(hostile.Actors).Down(Address.Parse(victim.ClusterAddress!));
        await MemberNodes.EventuallyAsync(() => MemberNodes.ClusterOf(hostile).State.Members.All(m => m.Address.ToString() != victim.ClusterAddress),
            TimeSpan.FromSeconds(30), "the victim removed from the cluster");
        await MemberNodes.EventuallyAsync(() => MemberNodes.ClusterOf(victim).IsTerminated, TimeSpan.FromSeconds(30), "the victim's cluster extension ended");
        // What a victim that stops would do takes a moment more (coordinated shutdown, then the host): give it that time.
        await Task.Delay(TimeSpan.FromSeconds(5));
        output.WriteLine($"victim removed and its cluster ended {downed.ElapsedMilliseconds} ms after the down; actor system terminated: {victim.Actors.WhenTerminated.IsCompleted}");

        // Its API still serves the blocks it holds, intact, and the artwork reads back bit-exact.
        var listed = ticket.AllBlocks.Select(b => b.BlockId).ToHashSet(StringComparer.Ordinal);
        var served = await h.IntactBlocksOnAsync(victim, Hash256.Parse(ticket.ArtworkId), listed);
        Assert.NotEmpty(served);
        Assert.Equal(archive, await h.RetrieveAsync(ticket.ArtworkId));

        // Its duties go on: it still runs its actors (the block holder) ...
        Assert.False(victim.Actors.WhenTerminated.IsCompleted, "the downed node's actor system terminated");

        // ... and it still heals alone: drop the artwork's redundancy (only the victim's copies are left) and wait for
        // exactly one heal, amended by the victim as the custodian primary.
        var (healed, lost, after, firstHeal) = await h.DeleteAndAwaitHealsAsync(ticket, victim);
        output.WriteLine($"redundancy {lost:F2} after the deletes (only the victim's {served.Count} blocks); first heal {firstHeal.TotalMilliseconds:0} ms later; " +
            $"{healed.Amendments.Count} amendment(s); redundancy after {after:F2}");
        Assert.True(lost < 10, $"redundancy should be below heal-below after the deletes, was {lost:F2}");
        Assert.NotEmpty(healed.Amendments);
        Assert.All(healed.Amendments, a => Assert.Equal(victim.NodeId, a.PrimaryId));
        Assert.InRange(after, 10, HostileMemberCluster.HealedCeiling);
        Assert.Equal(archive, await h.RetrieveAsync(ticket.ArtworkId));

        // The chain sees a live, unpenalised node: its storage reports still land on new heights.
        long before = h.Cluster.Chain.State.Head.Height;
        await MemberNodes.EventuallyAsync(async () =>
        {
            // Each node reports a new head within its report-interval (2 s); the next sealed height includes the report.
            await h.Cluster.Chain.SealNowAsync();
            await Task.Delay(TimeSpan.FromSeconds(1));
            return h.Cluster.Chain.State.Masternodes[victim.NodeId].LastSeenHeight > before;
        }, TimeSpan.FromSeconds(60), "a storage report of the downed node on a height sealed after the down");
        var seen = h.Cluster.Chain.State.Masternodes[victim.NodeId];
        output.WriteLine($"victim last seen at {seen.LastSeenHeight} (sealed {before}..{h.Cluster.Chain.State.Head.Height}), offline {seen.Offline}, penalty until {seen.PenaltyUntilHeight}");
        Assert.True(seen.LastSeenHeight > before, "the downed node stopped reporting its storage to the chain");
        Assert.False(seen.Offline);
        Assert.False(seen.IsPenalisedAt(h.Cluster.Chain.State.Head.Height));
        Assert.Equal(0, h.Cluster.Chain.State.Masternodes.Values.Count(m => m.IsPenalisedAt(h.Cluster.Chain.State.Head.Height)));

        // Restarted by its operator, it stops cleanly and joins the cluster again (a new actor system, the same journal).
        int index = h.IndexOf(victim);
        var restart = Stopwatch.StartNew();
        await h.Cluster.StopNodeAsync(index);
        var stopped = restart.Elapsed;
        await h.Cluster.StartNodeAsync(index);
        await h.AllUpAsync();
        output.WriteLine($"restart: stopped in {stopped.TotalMilliseconds:0} ms, back Up in the cluster {restart.ElapsedMilliseconds} ms after the stop began");
        Assert.False(h.Cluster.Node(index).ClusterMembership!.Removed);
    }

    [Fact(Timeout = NetworkCollection.TestTimeoutMilliseconds)]
    public async Task When_a_hostile_member_downs_every_other_member_each_keeps_its_api_and_the_artworks_still_heal_and_store()
    {
        await using var h = await HostileMemberCluster.StartAsync(4, "hostile-down-all");
        await h.AllUpAsync();
        var (ticket, archive) = await h.StoreAsync(64 * 1024, seed: 31);
        var hostile = h.Cluster.Node(0);
        var custody = await h.SealUntilCustodyAsync(ticket.ArtworkId, c => c[0] != hostile.NodeId);
        var victims = h.Cluster.RunningNodes.Where(n => n != hostile).ToList();

        foreach (var victim in victims) Akka.Cluster.Cluster.Get(hostile.Actors).Down(Address.Parse(victim.ClusterAddress!));
        await MemberNodes.EventuallyAsync(() => victims.All(v => v.ClusterMembership!.Removed), TimeSpan.FromSeconds(45), "every victim out of the cluster");
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.All(victims, v => Assert.False(v.Actors.WhenTerminated.IsCompleted, $"{v.ClusterAddress}'s actor system terminated"));

        // Each says so on its /cluster answer (read with its own key, as its operator would).
        using (var http = Fountain.Node.Client.NodeClient.CreateHttpClient())
            foreach (var victim in victims)
                Assert.Equal(Fountain.Node.Cluster.ClusterManagementApi.RemovedNotice,
                    (await new Fountain.Node.Cluster.ClusterManagementClient(http, victim.Endpoint, victim.Key).ShowAsync()).ShardStatsError);

        // The custodian primary (a victim) heals its artwork alone, exactly once.
        var primary = h.NodeById(custody[0]);
        var (healed, lost, after, _) = await h.DeleteAndAwaitHealsAsync(ticket, primary);
        Assert.True(lost < 10, $"redundancy should be below heal-below after the deletes, was {lost:F2}");
        Assert.NotEmpty(healed.Amendments);
        Assert.All(healed.Amendments, a => Assert.Equal(primary.NodeId, a.PrimaryId));
        Assert.InRange(after, 10, HostileMemberCluster.HealedCeiling);
        Assert.Equal(archive, await h.RetrieveAsync(ticket.ArtworkId));

        // Storing still works: three of the four holders (and most likely the entry node, which encodes on its actor
        // system's codec dispatcher) are downed members.
        var (fresh, freshArchive) = await h.StoreAsync(48 * 1024, seed: 32);
        Assert.Equal(freshArchive, await h.RetrieveAsync(fresh.ArtworkId));
        output.WriteLine($"{healed.Amendments.Count} heal(s) by {primary.NodeId[..12]}, redundancy {lost:F2} -> {after:F2}; stored {fresh.ArtworkId[..12]} after every member but the hostile one was downed");
    }
}
