using Fountain.Cluster.Tests.Misbehaviour;
using Fountain.Node.Challenges;
using Xunit.Abstractions;

namespace Fountain.Cluster.Tests.Challenges;

/// <summary>
/// Issue 7, item 6: each kind of cheater is penalised within a bounded number of epochs, the honest nodes beside it
/// never are, and the chain's books balance afterwards. Five real nodes on loopback; node 2 cheats.
/// </summary>
public sealed class MisbehaviourTests(ITestOutputHelper output)
{
    private const int Nodes = 5;
    private const int Cheater = 2;

    public static TheoryData<MisbehaviourKind, int> Kinds => new()
    {
        // kind, the most epochs it may take. A node that drops or corrupts everything, or cannot answer in time, fails its
        // first challenge; a node that drops half its blocks is audited on 3 distinct blocks per epoch (one per
        // challenger) and passes an epoch with probability about 1/8 (ChallengePlanTests measures the distribution).
        { MisbehaviourKind.DropAll, 3 },
        { MisbehaviourKind.DropFraction, 8 }, // a miss in 8 epochs in a row: about 1 in 16 million
        { MisbehaviourKind.GarbageAnswers, 2 },
        { MisbehaviourKind.LateAnswers, 2 },
        { MisbehaviourKind.CorruptBytes, 2 },
        // Healing runs beside the challenges: a custodian's holder maintenance may copy a dropped block back to a dropper
        // just before it is audited on it, and then it does hold it. Over 8 archive seeds an outsourcer was caught in its
        // first epoch 6 times and in its second twice.
        { MisbehaviourKind.Outsource, 3 },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task A_cheater_is_penalised_within_a_bounded_number_of_epochs_and_no_honest_node_is(MisbehaviourKind kind, int maxEpochs)
    {
        var deadline = TimeSpan.FromSeconds(1);
        var cheat = new Cheat
        {
            Kind = kind,
            DropFraction = 0.5,
            AnswerDelay = deadline * 3,
            // No WAN delay: on loopback the outsourcer would fetch as fast as it reads a disk. It is caught because the
            // honest holders refuse a placed holder the block (Api.HolderReadRule), not because it is slow.
            OutsourceFetchDelay = TimeSpan.Zero,
        };
        await using var cluster = await ChallengeCluster.StartAsync(Nodes, i => i == Cheater ? cheat : new Cheat(), deadline);
        // FOUNTAIN_MISBEHAVIOUR_SEED picks another archive (so other blocks, another dropped set): measurements over seeds.
        int seed = int.TryParse(Environment.GetEnvironmentVariable("FOUNTAIN_MISBEHAVIOUR_SEED"), out var s) ? s : 7;
        var stored = await cluster.StoreAsync(200_000, seed);
        Assert.Equal(stored.Blocks, stored.BlocksPlaced);
        var cheater = cluster.Cluster.Node(Cheater).NodeId;
        var honest = Enumerable.Range(0, Nodes).Where(i => i != Cheater).Select(i => cluster.Cluster.Node(i).NodeId).ToList();

        int epochs = 0;
        var outcomes = new List<ChallengeOutcome>();
        while (!cluster.IsPenalised(cheater) && epochs < maxEpochs)
        {
            var (_, round) = await cluster.RunEpochAsync();
            outcomes.AddRange(round);
            epochs++;
        }
        output.WriteLine($"{kind} (seed {seed}): penalised after {epochs} epoch(s); {stored.Blocks} blocks; outcomes: " +
                         string.Join(", ", outcomes.GroupBy(o => (o.Challenge.TargetId == cheater ? "cheater" : "honest", o.Verdict)).Select(g => $"{g.Key}={g.Count()}")));
        if (kind is MisbehaviourKind.DropFraction)
            Assert.InRange(cluster.DiskCheatOf(Cheater).Dropped, 1, stored.Blocks - 1); // it really kept some and dropped some

        Assert.True(cluster.IsPenalised(cheater), $"{kind}: the cheater was not penalised within {maxEpochs} epochs");
        Assert.True(cluster.Masternode(cheater).ReputationScore < 1m);
        Assert.All(honest, id => Assert.False(cluster.IsPenalised(id), $"honest node {id[..12]} was penalised"));
        // Every honest node passes every audit by an honest challenger. The cheater's own audits may be abandoned: it holds no
        // verified copy of the blocks it dropped or corrupted, and as their placed holder it is refused a copy by the others.
        Assert.DoesNotContain(outcomes, o => o.Challenge.TargetId != cheater && o.Challenge.ChallengerId != cheater && o.Verdict != ChallengeVerdict.Passed);
        Assert.DoesNotContain(outcomes, o => o.Challenge.TargetId != cheater && o.Verdict is not (ChallengeVerdict.Passed or ChallengeVerdict.Abandoned));
        // Every report is accepted, except the cheater's own reports once it is penalised: the chain takes audits from eligible nodes only.
        Assert.All(outcomes.Where(o => o.Verdict != ChallengeVerdict.Abandoned && o.Challenge.ChallengerId != cheater), o => Assert.True(o.Reported, o.Detail));

        // The penalty bites: the next height pays the honest nodes and withholds the cheater's share.
        var sealedHeight = (await cluster.Cluster.Chain.SealNowAsync()).Height;
        var rewards = await cluster.Cluster.Chain.GetRewardsAsync(sealedHeight);
        Assert.NotNull(rewards);
        Assert.Contains(cheater, rewards!.WithheldUntilHeight.Keys);
        Assert.DoesNotContain(cheater, rewards.PayoutsBaseUnits.Keys);

        if (kind is MisbehaviourKind.Outsource)
        {
            // The honest holders said no to the cheater's fetches, and counted it; an honest node never needed to be told no.
            var refused = await Task.WhenAll(honest.Select(id => cluster.StatusAsync(id)));
            Assert.True(refused.Sum(s => s.RefusedHolderReads) > 0, "no honest holder refused the outsourcer a block");
            Assert.Equal(0, (await cluster.StatusAsync(cheater)).RefusedHolderReads);
        }

        var (total, genesis) = cluster.Books();
        Assert.Equal(genesis, total);
    }

    [Fact]
    public async Task When_a_penalty_moves_placement_no_honest_node_is_audited_on_a_block_it_was_never_given()
    {
        // Six nodes, three holders per block: penalising the cheater makes placement name other nodes for its blocks.
        await using var cluster = await ChallengeCluster.StartAsync(6, i => i == Cheater ? new Cheat { Kind = MisbehaviourKind.DropAll } : new Cheat(),
            holdersPerBlock: 3);
        var stored = await cluster.StoreAsync(200_000, seed: 11);
        output.WriteLine($"stored {stored.BlocksPlaced} of {stored.Blocks} blocks, {stored.Acknowledgements} copies acknowledged (3 holders each)");
        var cheater = cluster.Cluster.Node(Cheater).NodeId;
        int epochs = 0;
        while (!cluster.IsPenalised(cheater) && epochs < 3)
        {
            await cluster.RunEpochAsync();
            epochs++;
        }
        Assert.True(cluster.IsPenalised(cheater), "a node that stores nothing was not penalised within 3 epochs");
        var after = new List<ChallengeOutcome>();
        for (int i = 0; i < 15; i++) after.AddRange((await cluster.RunEpochAsync()).Outcomes);
        output.WriteLine($"penalised after {epochs} epoch(s); then {after.Count} audits of honest nodes: {after.Count(o => o.Verdict == ChallengeVerdict.Passed)} passed");
        Assert.True(after.Count >= 15 * 4, $"only {after.Count} audits in 15 epochs");
        // An audit is abandoned (nobody accused) when its challenger is a holder placement promoted in the cheater's place
        // and was never given the block (healing is off here, so no holder maintenance copies it): the other holders
        // refuse a placed holder the block (Api.HolderReadRule), so it has no verified copy to check the answer against.
        // Known defect, not understood yet: in one run of `.ci/run` on a fresh clone (2026-12-04), 9 of 225 audits of honest
        // nodes ended "the target does not hold the block" (three honest targets, blocks from several epochs); in every other
        // run there were none. Each such report is one challenger's, and a penalty needs a quorum of them in one epoch
        // (challenge-failure-quorum), so what the participants are promised, no honest node penalised, is asserted below
        // without tolerance; the unexplained misses are printed and bounded here until their cause is found.
        var missed = after.Where(o => o.Verdict is not (ChallengeVerdict.Passed or ChallengeVerdict.Abandoned)).ToList();
        foreach (var o in missed)
            output.WriteLine($"honest audit not passed: epoch {o.Challenge.EpochHeight}, target {o.Challenge.TargetId[..12]}, block {o.Challenge.BlockId[..12]}: {o.Verdict}: {o.Detail}");
        Assert.All(missed, o => Assert.Equal(ChallengeVerdict.NoAnswer, o.Verdict));
        Assert.True(missed.Count <= after.Count / 10, $"{missed.Count} of {after.Count} audits of honest nodes failed");
        // Abandonment has a second, rarer cause since reads need a role (Api.HolderReadRule): a holder judges the
        // challenger's role at its own view of the head, which under load can lag the epoch just sealed. Either way nobody
        // is accused; what is bounded here is how often an honest target goes unaudited. Most abandoned audits are by
        // promoted holders (a placed holder is refused the block).
        var eligible = Fountain.Node.Network.Placement.EligibleIds(cluster.Cluster.Chain.State.Masternodes.Values, cluster.Cluster.Chain.State.Head.Height);
        var abandoned = after.Where(o => o.Verdict == ChallengeVerdict.Abandoned).ToList();
        int byHolders = abandoned.Count(o => Fountain.Node.Network.Placement.HoldersOf(Fountain.Codec.Hashing.Hash256.Parse(o.Challenge.BlockId), eligible, 3).Contains(o.Challenge.ChallengerId));
        output.WriteLine($"abandoned: {abandoned.Count}, of which by a placed holder of the block: {byHolders}");
        Assert.True(abandoned.Count <= after.Count / 5, $"{abandoned.Count} of {after.Count} audits abandoned");
        Assert.True(byHolders * 2 >= abandoned.Count, $"only {byHolders} of {abandoned.Count} abandoned audits were by a placed holder of the block");
        Assert.True(after.Count(o => o.Verdict == ChallengeVerdict.Passed) >= 15 * 4, "too few audits passed");
        Assert.All(cluster.Cluster.RunningNodes.Where(n => n.NodeId != cheater), n => Assert.False(cluster.IsPenalised(n.NodeId)));
    }
}
