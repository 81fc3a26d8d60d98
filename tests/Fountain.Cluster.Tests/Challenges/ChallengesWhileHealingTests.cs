using Fountain.Chain.Selection;
using Fountain.Node.Challenges;
using Fountain.Node.Healing;
using Xunit.Abstractions;

namespace Fountain.Cluster.Tests.Challenges;

/// <summary>
/// Challenges while heals run (issue 7). Eight nodes, two holders per block; four nodes stop, so every
/// artwork loses about 3/14 of its blocks (both holders gone), falls below heal-below and must be healed. Each round seals an epoch, has each artwork's running
/// custodian primary check (and heal) it, and runs every node's challenges of that epoch at the same time, so answers are
/// given while blocks are fetched, decoded, encoded and uploaded on the same two cores. The honest running nodes must pass
/// every audit by the deadline, with no penalty; the answer latencies are printed (p50/p99/max, during heals and after).
/// </summary>
public sealed class ChallengesWhileHealingTests(ITestOutputHelper output)
{
    private const int Nodes = 8;
    private const int MaxEpochsPerHeal = 15;
    /// <summary>An upper bound on waiting for a round or a heal, so that a stuck one fails the test instead of hanging CI; never a synchronisation.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);
    private static readonly int Artworks = EnvInt("FOUNTAIN_HEAL_LOAD_ARTWORKS", 4);
    private static readonly int ArtworkBytes = EnvInt("FOUNTAIN_HEAL_LOAD_BYTES", 500_000);
    private static readonly int[] Stopped = [4, 5, 6, 7];

    [Fact]
    public async Task Honest_nodes_answer_in_time_and_are_never_penalised_while_heals_run()
    {
        var deadline = AnswerDeadline();
        await using var cluster = await ChallengeCluster.StartAsync(Nodes, answerDeadline: deadline, holdersPerBlock: 2, healCheckInterval: TimeSpan.FromMinutes(10));
        var artworks = new List<string>();
        for (int i = 0; i < Artworks; i++) artworks.Add((await cluster.StoreAsync(ArtworkBytes, seed: 100 + i)).ArtworkId);
        foreach (var i in Stopped) await cluster.Cluster.StopNodeAsync(i);
        var running = cluster.Cluster.RunningNodes.ToDictionary(n => n.NodeId, StringComparer.Ordinal);

        var healed = new HashSet<string>(StringComparer.Ordinal);
        var during = new List<ChallengeOutcome>();
        var after = new List<ChallengeOutcome>();
        var heals = new List<CheckReport>();
        int rounds = 0, healRounds = 0;
        async Task<List<ChallengeOutcome>> ChallengeEpochAsync(Fountain.Chain.Model.ChainHead epoch)
        {
            rounds++;
            var outcomes = await Task.WhenAll(running.Values.Select(n => n.Challenges.RunEpochAsync(epoch))).WaitAsync(Bound);
            return outcomes.SelectMany(o => o).Where(o => running.ContainsKey(o.Challenge.TargetId)).ToList();
        }

        // The stopped nodes fail their audits first and are penalised: eligibility, and with it custody, then stays put while heals run.
        var stoppedIds = cluster.Cluster.Chain.State.Masternodes.Keys.Where(id => !running.ContainsKey(id)).ToList();
        // A failure penalises once two selected challengers report it in one epoch (chain.challenge-failure-quorum); on a
        // loaded machine an epoch can pass with fewer reports (a challenger that has no verified copy in time abandons).
        for (int e = 0; e < 12 && !stoppedIds.All(cluster.IsPenalised); e++) await ChallengeEpochAsync(await cluster.Cluster.Chain.SealNowAsync());
        Assert.All(stoppedIds, id => Assert.True(cluster.IsPenalised(id)));

        // Heal rounds: each artwork whose custodians are running is checked (and healed) in the background, and meanwhile
        // the challenges of the recent past epochs run one after another (an epoch is any sealed height here). No height is
        // sealed during a heal: a new head would move custody and hand the artwork's actor off mid-heal.
        while (healed.Count < artworks.Count && healRounds++ < 10)
        {
            for (int i = 0; i < MaxEpochsPerHeal; i++) await cluster.Cluster.Chain.SealNowAsync();
            var epoch = await cluster.Cluster.Chain.SealNowAsync();
            var state = cluster.Cluster.Chain.State;
            var checks = artworks.Where(a => !healed.Contains(a))
                .Select(a => (Artwork: a, Custody: Custody.Custodians(a, epoch, state.Masternodes.Values, 2)))
                .Where(a => running.ContainsKey(a.Custody[0]) && a.Custody.Skip(1).Any(running.ContainsKey))
                .Select(a => running[a.Custody[0]].CheckArtworkAsync(a.Artwork))
                .ToList();
            if (checks.Count == 0) continue;
            var all = Task.WhenAll(checks);
            for (long h = epoch.Height - 1; h >= epoch.Height - MaxEpochsPerHeal && !all.IsCompleted; h--)
                during.AddRange(await ChallengeEpochAsync((await cluster.Cluster.ChainClient.GetHeightAsync(h))!));
            foreach (var r in (await all.WaitAsync(Bound)).OfType<CheckReport>())
            {
                heals.Add(r);
                if (r.Failure is null && (r.BlocksAdded > 0 || r.Before.Redundancy >= 10)) healed.Add(r.ArtworkId);
            }
        }
        for (int e = 0; e < 3; e++) after.AddRange(await ChallengeEpochAsync(await cluster.Cluster.Chain.SealNowAsync()));

        output.WriteLine($"{rounds} rounds, deadline {deadline.TotalMilliseconds} ms; heals: {heals.Count(r => r.BlocksAdded > 0)} added blocks " +
                         $"({heals.Sum(r => r.BlocksAdded)} blocks, {heals.Sum(r => r.BytesMoved) / 1e6:F1} MB moved), {heals.Count(r => r.Failure is not null)} failed" +
                         string.Concat(heals.Where(r => r.Failure is not null).Select(r => $"; {r.Failure}")));
        output.WriteLine($"answers while heals ran: {Describe(during)}");
        output.WriteLine($"answers after: {Describe(after)}");
        // An audit is abandoned when its challenger has no copy and the block's other holder is one of the stopped nodes:
        // nobody is accused then. Every audit that was judged must have passed.
        var bad = during.Concat(after).Where(o => o.Verdict is not (ChallengeVerdict.Passed or ChallengeVerdict.Abandoned)).ToList();
        output.WriteLine(string.Join("\n", bad.Take(10).Select(o => $"{o.Verdict}: {o.Detail}")));

        Assert.Equal(artworks.Count, healed.Count);
        Assert.True(during.Count(o => o.Verdict == ChallengeVerdict.Passed) >= 20, $"only {during.Count(o => o.Verdict == ChallengeVerdict.Passed)} audits of running nodes passed while heals ran");
        Assert.Empty(bad);
        Assert.All(running.Keys, id => Assert.False(cluster.IsPenalised(id), $"honest node {id[..12]} was penalised"));
    }

    private static string Describe(IReadOnlyList<ChallengeOutcome> outcomes)
    {
        var ms = outcomes.Select(o => o.AnswerLatency?.TotalMilliseconds ?? double.PositiveInfinity).Order().ToList();
        if (ms.Count == 0) return "none";
        double At(double q) => ms[(int)Math.Min(ms.Count - 1, Math.Floor(q * ms.Count))];
        return $"{ms.Count} audits, p50 {At(0.5):F1} ms, p99 {At(0.99):F1} ms, max {ms[^1]:F1} ms";
    }

    private static int EnvInt(string name, int fallback) => int.TryParse(Environment.GetEnvironmentVariable(name), out var v) && v > 0 ? v : fallback;

    /// <summary>The answer deadline: FOUNTAIN_HEAL_LOAD_DEADLINE_MS overrides it, so the latency can be measured without one.</summary>
    private static TimeSpan AnswerDeadline() =>
        TimeSpan.FromMilliseconds(int.TryParse(Environment.GetEnvironmentVariable("FOUNTAIN_HEAL_LOAD_DEADLINE_MS"), out var ms) && ms > 0 ? ms : 2000);
}
