using Fountain.Node.Healing;
using Xunit.Abstractions;

namespace Fountain.Cluster.Tests.Healing;

/// <summary>
/// Issue 7, items 1 and 6: "custody moves when the primary dies mid-heal and the heal completes exactly once". The
/// primary is stopped at a point of its heal drawn from a printed seed; later epochs give the artwork another primary,
/// which heals it; the artwork ends with one amendment, redundancy back at target (not above it by more than a block),
/// and retrieves bit-exact.
/// </summary>
public sealed class CustodyMoveTests(ITestOutputHelper output)
{
    /// <summary>
    /// A point of the heal from the seed: after decoding, after the n-th placed block (n drawn from the seed), or after
    /// the verifier signed. The kind is the seed modulo 3, so that the test's seeds cover all three.
    /// </summary>
    private static (string Name, Func<HealPoint, bool> At) KillPoint(int seed)
    {
        var random = new Random(seed);
        switch (seed % 3)
        {
            case 0: return ("after decoding, before any block is placed", p => p.Step == HealStep.Decoded);
            case 1:
                int n = random.Next(1, 16);
                return ($"after {n} placed blocks", p => p.Step == HealStep.BlockPlaced && p.BlocksPlaced >= n);
            default: return ("after the verifier signed, before the amendment is submitted", p => p.Step == HealStep.AmendmentSigned);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(11)]
    public async Task When_the_primary_is_killed_mid_heal_the_next_primary_heals_exactly_once(int seed)
    {
        var kill = new HealKillSwitch();
        var (pointName, at) = KillPoint(seed);
        kill.At = at;
        output.WriteLine($"seed {seed}: the primary is killed {pointName}");

        await using var h = await HealingCluster.StartAsync(nodes: 12, holdersPerBlock: 1, configureHealing: kill.Install);
        var (ticket, archive) = await h.StoreAsync(100_000);
        for (int i = 0; i < 6; i++) await h.Cluster.StopNodeAsync(i);
        var custody = await h.SealUntilCustodyAsync(ticket.ArtworkId, c => h.IsRunning(c[0]) && c.Skip(1).Any(h.IsRunning));
        int primaryIndex = h.IndexOf(custody[0]);
        kill.Arm(primaryIndex);

        var check = h.Cluster.Node(primaryIndex).CheckArtworkAsync(ticket.ArtworkId);
        var reached = await Task.WhenAny(kill.Reached, check).WaitAsync(TimeSpan.FromSeconds(60));
        if (reached != kill.Reached)
        {
            var finished = check.IsCompletedSuccessfully ? (await check)?.Failure ?? "no failure" : check.Exception?.Message;
            Assert.Fail($"the heal finished without reaching the kill point: {finished}");
        }
        output.WriteLine($"frozen at {await kill.Reached}; stopping node {primaryIndex} ({custody[0][..12]})");
        await h.Cluster.StopNodeAsync(primaryIndex);
        try { await check.WaitAsync(TimeSpan.FromSeconds(30)); } catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or ObjectDisposedException) { }
        Assert.Empty((await h.TicketAsync(ticket.ArtworkId)).Amendments);

        // The dead primary stays registered (and eligible) until the chain marks it offline; the helper seals heights
        // until a running node is primary and one of its verifiers runs.
        var report = await h.CheckByLivePrimaryAsync(ticket.ArtworkId);
        var healed = await h.TicketAsync(ticket.ArtworkId);
        double after = await h.TrueRedundancyAsync(healed);
        double oneBlock = ticket.Codec.SymbolsPerBlock * (double)ticket.Codec.SymbolBytes / ticket.Codec.ArchiveLength;
        output.WriteLine($"healed by {healed.Amendments.FirstOrDefault()?.PrimaryId[..12]} with {report.BlocksAdded} blocks; redundancy {after:F2} (one block is {oneBlock:F2})");

        Assert.Null(report.Failure);
        var amendment = Assert.Single(healed.Amendments);
        Assert.NotEqual(custody[0], amendment.PrimaryId);
        Assert.True(amendment.AddedBlocks.Min(b => b.Index) > ticket.HighestIndex);
        Assert.InRange(after, 12 - 1e-9, 12 + oneBlock + 1e-9);
        Assert.Equal(archive, await h.RetrieveAsync(ticket.ArtworkId));

        // The killed primary comes back with its heal in flight in its journal; whoever is primary next adds nothing.
        kill.Arm(-1);
        await h.Cluster.StartNodeAsync(primaryIndex);
        var again = await h.CheckByLivePrimaryAsync(ticket.ArtworkId);
        Assert.Equal(0, again.BlocksAdded);
        Assert.Single((await h.TicketAsync(ticket.ArtworkId)).Amendments);
    }
}
