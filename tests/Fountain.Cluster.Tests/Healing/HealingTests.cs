using System.Diagnostics;
using Xunit.Abstractions;

namespace Fountain.Cluster.Tests.Healing;

/// <summary>Self-healing on a real loopback cluster (issue 7, items 1 and 6): each test builds its own cluster.</summary>
public sealed class HealingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_artwork_that_lost_three_quarters_of_its_blocks_is_healed_back_to_target()
    {
        // One holder per block: stopping 9 of 12 nodes loses about 75% of the blocks.
        await using var h = await HealingCluster.StartAsync(nodes: 12, holdersPerBlock: 1);
        var (ticket, archive) = await h.StoreAsync(120_000);
        double stored = await h.TrueRedundancyAsync(ticket);
        for (int i = 0; i < 9; i++) await h.Cluster.StopNodeAsync(i);
        double lost = await h.TrueRedundancyAsync(ticket);

        var clock = Stopwatch.StartNew();
        var report = await h.CheckByLivePrimaryAsync(ticket.ArtworkId);
        clock.Stop();
        var healed = await h.TicketAsync(ticket.ArtworkId);
        double after = await h.TrueRedundancyAsync(healed);
        output.WriteLine($"stored {stored:F2}, after losing 9/12 nodes {lost:F2} ({1 - lost / stored:P0} of blocks lost), healed {after:F2} in {clock.Elapsed.TotalSeconds:F1} s; " +
            $"moved {report.BytesMoved} bytes for {report.BytesRestored} restored: ratio {report.BytesMoved / (double)Math.Max(1, report.BytesRestored):F2}");

        Assert.True(lost < 10, $"losing 9 of 12 single holders should leave redundancy below heal-below, was {lost:F2}");
        Assert.Null(report.Failure);
        Assert.True(report.BlocksAdded > 0);
        Assert.Single(healed.Amendments);
        Assert.True(healed.Amendments[0].AddedBlocks.Min(b => b.Index) > ticket.HighestIndex, "new blocks take new indices");
        Assert.True(after >= 12 - 1e-9, $"redundancy on the running nodes should be back at 12, was {after:F2}");
        Assert.Equal(archive, await h.RetrieveAsync(ticket.ArtworkId));

        // A fresh check by the (possibly new) primary measures the healed artwork and leaves it alone.
        var again = await h.CheckByLivePrimaryAsync(ticket.ArtworkId);
        Assert.True(again.Before.Redundancy >= 12 - 1e-9, $"a fresh measurement should see the target, saw {again.Before.Redundancy:F2}");
        Assert.Equal(0, again.BlocksAdded);
        Assert.Single((await h.TicketAsync(ticket.ArtworkId)).Amendments);
    }

    [Fact]
    public async Task Corrupt_blocks_are_detected_by_spot_checks_and_replaced()
    {
        // Scrubbing off: it would quarantine the corrupt files first (the other way they get healed); here the
        // custodian's own spot-checks must catch nodes that list blocks they cannot serve intact.
        await using var h = await HealingCluster.StartAsync(nodes: 8, holdersPerBlock: 2, spotCheckBlocks: 64, scrubbing: false);
        var (ticket, archive) = await h.StoreAsync(80_000);
        var corruptNodes = Enumerable.Range(0, 5).ToList();
        var corruptIds = corruptNodes.Select(i => h.Cluster.Node(i).NodeId).ToHashSet();
        foreach (var i in corruptNodes) Assert.True(h.CorruptEveryBlockOf(i) > 0);
        double intactBefore = await h.TrueRedundancyAsync(ticket);

        var report = await h.CheckByLivePrimaryAsync(ticket.ArtworkId);
        output.WriteLine($"intact before {intactBefore:F2}; measured {report.Before.Redundancy:F2}; distrusted {report.DistrustedNodes.Count}; added {report.BlocksAdded}; failure {report.Failure}");

        Assert.True(intactBefore < 10);
        Assert.NotEmpty(report.DistrustedNodes);
        Assert.All(report.DistrustedNodes, id => Assert.Contains(id, corruptIds));
        Assert.True(report.Before.Redundancy < 10, "the corrupt copies must not count");
        Assert.Null(report.Failure);
        var healed = await h.TicketAsync(ticket.ArtworkId);
        Assert.Single(healed.Amendments);
        Assert.True(await h.TrueRedundancyAsync(healed) >= 12 - 1e-9);
        Assert.Equal(archive, await h.RetrieveAsync(ticket.ArtworkId));
    }

    [Fact]
    public async Task When_the_primary_fails_mid_heal_custody_moves_and_the_heal_lands_exactly_once()
    {
        await using var h = await HealingCluster.StartAsync(nodes: 12, holdersPerBlock: 1);
        var (ticket, archive) = await h.StoreAsync(100_000);
        for (int i = 0; i < 6; i++) await h.Cluster.StopNodeAsync(i);

        // An epoch whose primary runs but whose verifiers are both down: the primary decodes, makes and places the new
        // blocks, then cannot get the amendment signed. That is a heal cut off between placement and amendment.
        var custody = await h.SealUntilCustodyAsync(ticket.ArtworkId, c => h.IsRunning(c[0]) && !c.Skip(1).Any(h.IsRunning));
        var primary = h.Cluster.Node(h.IndexOf(custody[0]));
        var cut = await primary.CheckArtworkAsync(ticket.ArtworkId);
        Assert.NotNull(cut);
        Assert.Contains("verifier", cut!.Failure);
        Assert.Equal(0, cut.BlocksAdded);
        Assert.Empty((await h.TicketAsync(ticket.ArtworkId)).Amendments);

        // The primary dies; a later epoch's primary (another node) finds the artwork still below heal-below and heals it.
        await h.Cluster.StopNodeAsync(h.IndexOf(custody[0]));
        var report = await h.CheckByLivePrimaryAsync(ticket.ArtworkId);
        var healed = await h.TicketAsync(ticket.ArtworkId);
        output.WriteLine($"cut heal by {custody[0][..12]}: {cut.Failure}; completed by {healed.Amendments.Single().PrimaryId[..12]} with {report.BlocksAdded} blocks");

        Assert.Null(report.Failure);
        var amendment = Assert.Single(healed.Amendments);
        Assert.NotEqual(custody[0], amendment.PrimaryId);
        // New indices only (blocks whose one selected holder is down are made but not listed, so the first listed
        // index may lie a little above the ticket's highest).
        Assert.True(amendment.AddedBlocks.Min(b => b.Index) > ticket.HighestIndex);
        Assert.True(await h.TrueRedundancyAsync(healed) >= 12 - 1e-9);
        Assert.Equal(archive, await h.RetrieveAsync(ticket.ArtworkId));

        // The old primary is no longer primary: restarted, it does not heal again, and the next check adds nothing.
        await h.Cluster.StartNodeAsync(0);
        var again = await h.CheckByLivePrimaryAsync(ticket.ArtworkId);
        Assert.Equal(0, again.BlocksAdded);
        Assert.Single((await h.TicketAsync(ticket.ArtworkId)).Amendments);
    }

    [Fact]
    public async Task Concurrent_check_requests_on_the_primary_share_one_heal()
    {
        await using var h = await HealingCluster.StartAsync(nodes: 12, holdersPerBlock: 1);
        var (ticket, _) = await h.StoreAsync(60_000);
        for (int i = 0; i < 9; i++) await h.Cluster.StopNodeAsync(i);
        var custody = await h.SealUntilCustodyAsync(ticket.ArtworkId, c => h.IsRunning(c[0]) && c.Skip(1).Any(h.IsRunning));
        var primary = h.Cluster.Node(h.IndexOf(custody[0]));

        // The artwork's actor runs one check at a time; requests that arrive meanwhile get that check's report.
        var reports = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => primary.CheckArtworkAsync(ticket.ArtworkId)));
        Assert.All(reports, r => Assert.NotNull(r));
        Assert.True(reports[0]!.BlocksAdded > 0);
        Assert.All(reports, r => Assert.Same(reports[0], r));
        Assert.Single((await h.TicketAsync(ticket.ArtworkId)).Amendments);
        // Later checks see the healed artwork and add nothing.
        Assert.Equal(0, (await primary.CheckArtworkAsync(ticket.ArtworkId))?.BlocksAdded ?? 0);
        Assert.Single((await h.TicketAsync(ticket.ArtworkId)).Amendments);
    }

    [Fact]
    public async Task Nodes_heal_on_their_own_timer_the_artworks_the_chain_lists()
    {
        // The nodes' own loop (every 300 ms) finds the artwork in the chain's ticket listing; nobody tells them of it. The
        // chain seals a height a second, so each second brings another primary; the test waits, with a deadline, for
        // the amendment to appear on the chain (real time: the nodes run on the system clock).
        await using var h = await HealingCluster.StartAsync(nodes: 12, holdersPerBlock: 1, autoCheckInterval: TimeSpan.FromMilliseconds(300));
        var (ticket, archive) = await h.StoreAsync(60_000, watch: false);
        for (int i = 0; i < 6; i++) await h.Cluster.StopNodeAsync(i);

        // The loop runs while the nodes are being stopped, so a first heal may measure a partial loss and a later one
        // make up the rest: the test waits for the end state, redundancy on the running nodes back above heal-below.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var healed = ticket;
        double redundancy = 0;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(300);
            healed = await h.TicketAsync(ticket.ArtworkId);
            if (healed.Amendments.Count > 0 && (redundancy = await h.TrueRedundancyAsync(healed)) >= 10) break;
        }
        Assert.NotEmpty(healed.Amendments);
        Assert.True(redundancy >= 10, $"the automatic heals should lift redundancy above heal-below; it is {redundancy:F2} after {healed.Amendments.Count} amendments");
        Assert.Equal(archive, await h.RetrieveAsync(ticket.ArtworkId));
    }
}
