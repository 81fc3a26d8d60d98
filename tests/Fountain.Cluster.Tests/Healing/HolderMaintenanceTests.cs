using Fountain.Node.Network;
using Fountain.Codec.Hashing;
using Xunit.Abstractions;

namespace Fountain.Cluster.Tests.Healing;

/// <summary>
/// Issue 7, item 1: "Holder maintenance too: a block with fewer than r reachable holders is copied to its next holders."
/// A few copies are deleted from their holders; redundancy (distinct blocks) does not change, so no heal and no
/// amendment, but the check puts the copies back.
/// </summary>
public sealed class HolderMaintenanceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Lost_copies_are_restored_on_their_selected_holders_without_an_amendment()
    {
        const int holders = 2;
        await using var h = await HealingCluster.StartAsync(nodes: 8, holdersPerBlock: holders);
        var (ticket, archive) = await h.StoreAsync(80_000);
        var masternodes = h.Cluster.Chain.State.Masternodes.Values.Select(m => m.Id).ToList();
        var before = await h.HoldersByBlockAsync(ticket);
        Assert.All(before, b => Assert.Equal(holders, b.Value.Count));

        // One copy each of five blocks, deleted from a holder's store (index and file), as a disk loss would.
        var victims = ticket.AllBlocks.OrderBy(b => b.Index).Where((_, i) => i % 7 == 3).Take(5).ToList();
        var lostBy = new List<string>();
        foreach (var block in victims)
        {
            var holder = before[block.BlockId].Order(StringComparer.Ordinal).First();
            Assert.True(h.Cluster.Node(h.IndexOf(holder)).Store.Delete(Hash256.Parse(block.BlockId)));
            lostBy.Add(holder);
        }
        var damaged = await h.HoldersByBlockAsync(ticket);
        Assert.Equal(victims.Count, damaged.Count(b => b.Value.Count < holders));
        double redundancy = await h.TrueRedundancyAsync(ticket);
        Assert.True(redundancy >= 10, $"every block still has a copy, so redundancy stays above heal-below; it was {redundancy:F2}");

        var report = await h.CheckByLivePrimaryAsync(ticket.ArtworkId);
        output.WriteLine($"deleted {victims.Count} copies; measured {report.Before.Redundancy:F2}; copied {report.BlocksCopied}, added {report.BlocksAdded}, moved {report.BytesMoved} bytes");
        Assert.Null(report.Failure);
        Assert.Equal(0, report.BlocksAdded);
        // A primary that lost a copy itself cannot fetch it back (the other holders refuse a placed holder the block:
        // Api.HolderReadRule); it restores the others' copies, and a later epoch's primary restores its own.
        var epoch = (await h.Cluster.ChainClient.GetHeightAsync(report.EpochHeight))!;
        var primary = Fountain.Chain.Selection.Custody.Custodians(ticket.ArtworkId, epoch, h.Cluster.Chain.State.Masternodes.Values, 2)[0];
        int ownLosses = lostBy.Count(id => id == primary);
        Assert.Equal(victims.Count - ownLosses, report.BlocksCopied);
        if (ownLosses > 0)
        {
            await h.SealUntilCustodyAsync(ticket.ArtworkId, c => c[0] != primary);
            var next = await h.CheckByLivePrimaryAsync(ticket.ArtworkId);
            output.WriteLine($"the primary had lost {ownLosses} copies itself; the next primary copied {next.BlocksCopied}");
            Assert.Null(next.Failure);
            Assert.Equal(ownLosses, next.BlocksCopied);
        }
        var after = await h.HoldersByBlockAsync(ticket);
        Assert.Empty((await h.TicketAsync(ticket.ArtworkId)).Amendments);
        foreach (var (blockId, holdersNow) in after)
        {
            var selected = Placement.HoldersOf(Hash256.Parse(blockId), masternodes, holders);
            Assert.Equal(selected.Order(StringComparer.Ordinal), holdersNow.Order(StringComparer.Ordinal));
        }
        Assert.Equal(archive, await h.RetrieveAsync(ticket.ArtworkId));
    }
}
