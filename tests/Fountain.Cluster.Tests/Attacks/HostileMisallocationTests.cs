using System.Diagnostics;
using Fountain.Chain.Model;
using Fountain.Chain.Transactions;
using Fountain.Cluster.Tests.Membership;
using Xunit.Abstractions;

namespace Fountain.Cluster.Tests.Attacks;

/// <summary>
/// Issue 13, "Misallocate": the shard coordinator runs on the oldest member, and a hostile one can place every shard on
/// itself or drop the allocations. Every member here is built with the hostile strategy, so whichever member is oldest
/// misallocates. The custodian primary's healing loop sees its artwork's shard not hosted on itself and, after
/// sharded-check-fallback-after, checks it locally: the heal lands, once, by the custodian; the hostile member's own
/// amendment is refused by the chain; nothing is lost.
/// </summary>
[Collection(NetworkCollection.Name)]
public sealed class HostileMisallocationTests(ITestOutputHelper output)
{
    [Theory(Timeout = NetworkCollection.TestTimeoutMilliseconds)]
    [InlineData(Misallocation.OnItself)]
    [InlineData(Misallocation.Dropped)]
    public async Task A_hostile_coordinator_delays_heals_by_about_the_fallback_bound_and_its_own_amendment_is_refused(Misallocation how)
    {
        await using var h = await HostileMemberCluster.StartAsync(4, "hostile-misallocate", _ => new HostileAllocation(how));
        await h.AllUpAsync();
        var hostile = h.Oldest();
        var (ticket, archive) = await h.StoreAsync(64 * 1024, seed: 47);
        var custody = await h.SealUntilCustodyAsync(ticket.ArtworkId, c => c[0] != hostile.NodeId);
        var primary = h.NodeById(custody[0]);
        output.WriteLine($"{how}: hostile coordinator {hostile.ClusterAddress}, custodian primary {primary.ClusterAddress}");

        // The primary's loop asks the sharded region every second; the coordinator misplaces or drops the shard.
        if (how == Misallocation.OnItself)
            await MemberNodes.EventuallyAsync(async () => (await MemberNodes.ShardHomesAsync(hostile, TimeSpan.FromSeconds(3))).GetValueOrDefault(ticket.ArtworkId) == hostile.ClusterAddress,
                TimeSpan.FromSeconds(30), "the hostile coordinator placed the artwork's shard on itself");
        else
        {
            await Task.Delay(HostileMemberCluster.FallbackAfter);
            Assert.False((await MemberNodes.ShardHomesAsync(hostile, TimeSpan.FromSeconds(3))).ContainsKey(ticket.ArtworkId), "a dropped allocation gave the shard a home");
        }

        // Drop the artwork's redundancy: the heal still comes, from the custodian, exactly once.
        var (healed, lost, after, firstHeal) = await h.DeleteAndAwaitHealsAsync(ticket, primary);
        output.WriteLine($"redundancy {lost:F2} after the deletes; first heal {firstHeal.TotalMilliseconds:0} ms later; {healed.Amendments.Count} amendment(s); redundancy after {after:F2}");
        Assert.True(lost < 10, $"redundancy should be below heal-below after the deletes, was {lost:F2}");
        Assert.NotEmpty(healed.Amendments);
        Assert.All(healed.Amendments, a => Assert.Equal(primary.NodeId, a.PrimaryId));
        Assert.InRange(after, 10, HostileMemberCluster.HealedCeiling);
        Assert.Equal(archive, await h.RetrieveAsync(ticket.ArtworkId));

        // The hostile member amending the artwork itself (it hosts or holds back the artwork's actor) is refused.
        var chainId = await h.Cluster.ChainClient.GetChainIdAsync();
        var head = h.Cluster.Chain.State.Head;
        TicketBlock[] forged = [new(healed.HighestIndex + 1, Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)))];
        var signature = hostile.Key.Sign(AmendArtwork.SignedContent(chainId, hostile.NodeId, ticket.ArtworkId, head.Height, healed.Amendments.Count, "heal", forged));
        var refused = await hostile.Sender.SendAsync(new AmendArtwork(ticket.ArtworkId, head.Height, healed.Amendments.Count, forged, "heal",
            hostile.Key.PublicKeyBase64, Convert.ToBase64String(signature)));
        output.WriteLine($"the hostile member's amendment: {refused.Rejection}");
        Assert.False(refused.Accepted);
        Assert.StartsWith("not-custodian", refused.Rejection);
        Assert.Equal(healed.Amendments.Count, (await h.TicketAsync(ticket.ArtworkId)).Amendments.Count);
    }
}
