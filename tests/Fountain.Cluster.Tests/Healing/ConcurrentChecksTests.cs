namespace Fountain.Cluster.Tests.Healing;

/// <summary>
/// A node may be custodian primary of many artworks in one epoch; its healing loop asks all their actors to check at
/// once, and each check surveys holders, decodes and encodes. fountain.healing.max-concurrent-checks bounds how many run
/// together on one node; the rest wait their turn and still get done.
/// </summary>
public sealed class ConcurrentChecksTests
{
    [Fact(Timeout = 180_000)]
    public async Task A_node_runs_at_most_max_concurrent_checks_at_once_and_still_heals_every_artwork()
    {
        await using var h = await HealingCluster.StartAsync(nodes: 6, holdersPerBlock: 1, autoCheckInterval: TimeSpan.FromMilliseconds(300),
            configureHealing: (_, s) => s with
            {
                MaxConcurrentChecks = 1,
                // Each heal lingers after decoding, so that checks of one node would overlap without the bound.
                Probe = (point, cancellation) => point.Step == Fountain.Node.Healing.HealStep.Decoded ? Task.Delay(300, cancellation) : Task.CompletedTask,
            });
        var artworks = new List<string>();
        for (int i = 0; i < 5; i++) artworks.Add((await h.StoreAsync(40_000 + i * 1000)).Ticket.ArtworkId);
        for (int i = 0; i < 3; i++) await h.Cluster.StopNodeAsync(i);

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (true)
        {
            int healed = 0;
            foreach (var id in artworks) if ((await h.TicketAsync(id)).Amendments.Count > 0) healed++;
            if (healed == artworks.Count) break;
            await Task.Delay(200, limit.Token);
        }

        Assert.All(h.Cluster.RunningNodes, n => Assert.InRange(n.PeakConcurrentHealChecks, 0, 1));
        Assert.Contains(h.Cluster.RunningNodes, n => n.PeakConcurrentHealChecks == 1);
    }
}
