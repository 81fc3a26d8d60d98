namespace Fountain.Cluster.Tests.Healing;

/// <summary>
/// An artwork actor gets no message through its shard region while its check runs (the check talks to the actor
/// directly), so idle passivation must not count a running check as idleness: a heal longer than the idle window used
/// to be cancelled half-way by its own passivation.
/// </summary>
public sealed class LongHealPassivationTests
{
    [Fact]
    public async Task A_heal_longer_than_several_check_intervals_is_not_cut_off_by_idle_passivation()
    {
        var interval = TimeSpan.FromMilliseconds(100);
        await using var h = await HealingCluster.StartAsync(nodes: 8, holdersPerBlock: 1,
            configureHealing: (_, s) => s with
            {
                CheckInterval = interval,
                // The heal pauses after decoding for 15 check intervals: far longer than the old idle window (4 intervals).
                Probe = (point, cancellation) => point.Step == Fountain.Node.Healing.HealStep.Decoded ? Task.Delay(interval * 15, cancellation) : Task.CompletedTask,
            });
        var (ticket, archive) = await h.StoreAsync(60_000);
        for (int i = 0; i < 5; i++) await h.Cluster.StopNodeAsync(i);

        var report = await h.CheckByLivePrimaryAsync(ticket.ArtworkId);

        Assert.Null(report.Failure);
        Assert.True(report.BlocksAdded > 0);
        Assert.Single((await h.TicketAsync(ticket.ArtworkId)).Amendments);
        Assert.Equal(archive, await h.RetrieveAsync(ticket.ArtworkId));
    }
}
