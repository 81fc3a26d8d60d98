using Fountain.Node.Challenges;
using Xunit.Abstractions;

namespace Fountain.Cluster.Tests.Challenges;

/// <summary>
/// Issue 7's target: zero false penalties in honest challenge rounds. Six honest nodes hold two artworks; every
/// epoch each node is challenged once. 1,000 rounds take about 10 s here; FOUNTAIN_HONEST_ROUNDS sets another count.
/// </summary>
public sealed class HonestRoundTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Honest_nodes_pass_every_challenge_and_are_never_penalised_and_the_books_balance()
    {
        int rounds = int.TryParse(Environment.GetEnvironmentVariable("FOUNTAIN_HONEST_ROUNDS"), out var r) && r > 0 ? r : 1000;
        await using var cluster = await ChallengeCluster.StartAsync(6);
        await cluster.StoreAsync(150_000, seed: 1);
        await cluster.StoreAsync(90_000, seed: 2);
        var ids = cluster.Cluster.RunningNodes.Select(n => n.NodeId).ToList();

        var outcomes = new List<ChallengeOutcome>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        int epochs = 0;
        while (outcomes.Count < rounds)
        {
            var (_, round) = await cluster.RunEpochAsync();
            Assert.NotEmpty(round);
            outcomes.AddRange(round);
            epochs++;
        }
        var failed = outcomes.Where(o => o.Verdict != ChallengeVerdict.Passed || !o.Reported).ToList();
        output.WriteLine($"{outcomes.Count} honest rounds in {epochs} epochs, {started.Elapsed.TotalSeconds:F1} s; {failed.Count} not passed or not accepted; " +
                         $"{outcomes.Select(o => o.Challenge.BlockId).Distinct().Count()} distinct blocks, ranges {outcomes.Min(o => o.Challenge.Length)}..{outcomes.Max(o => o.Challenge.Length)} bytes");
        Assert.True(failed.Count == 0, string.Join("\n", failed.Take(5).Select(o => $"{o.Verdict}: {o.Detail}")));
        Assert.All(ids, id => Assert.False(cluster.IsPenalised(id)));
        Assert.All(ids, id => Assert.Equal(1m, cluster.Masternode(id).ReputationScore));
        Assert.Equal(ids.Order(), outcomes.Select(o => o.Challenge.TargetId).Distinct().Order()); // every node was audited
        Assert.True(outcomes.Select(o => o.Challenge.ChallengerId).Distinct().Count() > 1);

        // The chain lists the reports it accepted, newest last, as `fountain challenges --last N` prints them.
        var listed = await ((Fountain.Chain.Http.ChainClient)cluster.Cluster.ChainClient).GetRecentChallengesAsync(10);
        Assert.Equal(10, listed.Count);
        Assert.All(listed, l => Assert.True(l.Passed));
        var newest = listed[^1];
        Assert.Contains(outcomes, o => o.Challenge.ChallengerId == newest.ChallengerId && o.Challenge.TargetId == newest.TargetId
                                       && o.Challenge.BlockId == newest.BlockId && o.Challenge.EpochHeight == newest.EpochHeight);

        // Replaying a report is refused by the chain: resubmit the last round's first report as its challenger.
        var last = outcomes[^1];
        var challenger = cluster.Cluster.RunningNodes.Single(n => n.NodeId == last.Challenge.ChallengerId);
        var again = new Fountain.Chain.Transactions.ReportChallenge(last.Challenge.TargetId, last.Challenge.ArtworkId, last.Challenge.BlockId,
            last.Challenge.Offset, last.Challenge.Length, last.Challenge.EpochHeight, false, null, null);
        var replay = await challenger.Sender.SendAsync(again, CancellationToken.None);
        Assert.False(replay.Accepted);
        Assert.StartsWith("duplicate-report", replay.Rejection);

        var (total, genesis) = cluster.Books();
        Assert.Equal(genesis, total);
    }
}
