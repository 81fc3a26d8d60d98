using Fountain.Chain.Http;

namespace Fountain.Cluster.Tests.Challenges;

/// <summary>
/// The nodes' own timers, as in a running network: the chain seals a height every 250 ms, epochs are 2 heights, and
/// each node notices new epochs on its report timer and runs its round. The test only watches the chain.
/// </summary>
public sealed class ScheduledRoundTests
{
    [Fact]
    public async Task Nodes_run_their_rounds_by_themselves_each_epoch_and_the_chain_records_them()
    {
        await using var cluster = await ChallengeCluster.StartAsync(4, heightInterval: TimeSpan.FromMilliseconds(250), epochHeights: 2);
        await cluster.StoreAsync(60_000, seed: 5);
        var chain = (ChainClient)cluster.Cluster.ChainClient;
        var ids = cluster.Cluster.RunningNodes.Select(n => n.NodeId).ToHashSet();

        // Wait for reports from several epochs, bounded: this is the condition under test, not a pause.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        IReadOnlyList<Fountain.Chain.Model.ChallengeReportView> reports = [];
        while (reports.Select(r => r.EpochHeight).Distinct().Count() < 3 || reports.Select(r => r.TargetId).Distinct().Count() < ids.Count)
        {
            Assert.False(bound.IsCancellationRequested, $"only {reports.Count} reports in 30 s, epochs {string.Join(",", reports.Select(r => r.EpochHeight).Distinct())}");
            await Task.Delay(100, bound.Token).ContinueWith(_ => { });
            reports = await chain.GetRecentChallengesAsync(100);
        }
        Assert.All(reports, r => Assert.True(r.Passed));
        Assert.All(reports, r => Assert.Equal(0, r.EpochHeight % 2));
        Assert.All(ids, id => Assert.False(cluster.IsPenalised(id)));
        Assert.All(cluster.Cluster.RunningNodes, n => Assert.Equal(0, n.Challenges.Counts.Failed));
    }
}
