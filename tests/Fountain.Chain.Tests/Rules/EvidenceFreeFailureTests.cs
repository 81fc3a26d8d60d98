using Fountain.Chain.Identity;
using Fountain.Chain.Rules;
using Fountain.Chain.Selection;
using Fountain.Chain.State;
using Fountain.Chain.Transactions;
using Fountain.Chain.Tests.Support;
using static Fountain.Chain.Tests.Support.Fixtures;

namespace Fountain.Chain.Tests;

/// <summary>
/// Issue 12, hole 2: a selected challenger files failures, with no evidence, for every block of an honest target. The
/// chain cannot see the block, so one challenger's word must change nothing: a report must be the plan's (a block the
/// target was placed on, the epoch's range), one per challenger, target and epoch, and a penalty needs failures from
/// a quorum of the epoch's selected challengers.
/// </summary>
public sealed class EvidenceFreeFailureTests() : SixNodeNetwork("evidence", 5101)
{
    private const long Epoch = 2;

    /// <summary>The blocks of the artwork the target was placed on (3 holders of 6 nodes per block).</summary>
    private List<string> BlocksHeldBy(ChainState state, NodeKey target) =>
        Artwork.Blocks.Select(b => b.BlockId)
            .Where(id => Rendezvous.Select(Rendezvous.Place, Convert.FromHexString(id), [], state.Masternodes.Keys, Artwork.HoldersPerBlock).Contains(target.Id))
            .ToList();

    /// <summary>An unanswered failure on the plan's range of the block (what a challenger files when the target is silent).</summary>
    private ReportChallenge Failure(ChainState state, NodeKey target, string blockId)
    {
        long offset = ChallengeDraw.Offset(ChallengeDraw.Of(state.HeadAt(Epoch)!.Hash, target.Id, blockId), ChallengeDraw.BlockBytes(Artwork.Codec));
        return new ReportChallenge(target.Id, Artwork.ArtworkId, blockId, offset, 1, Epoch, false, null, null);
    }

    /// <summary>A node placed on several blocks but not on all (keys are random, so placement differs from run to run).</summary>
    private NodeKey TargetOf(ChainState state) => Nodes.First(n => BlocksHeldBy(state, n).Count is >= 2 and < 6);

    private NodeKey[] ChallengersOf(ChainState state, NodeKey target) =>
        Custody.Challengers(target.Id, state.HeadAt(Epoch)!, state.Masternodes.Values, Options.ChallengersPerTarget).Select(Key).ToArray();

    [Fact]
    public void One_challenger_filing_failures_for_every_block_of_an_honest_target_penalises_nothing()
    {
        var state = Network();
        var target = TargetOf(state);
        var liar = ChallengersOf(state, target)[0];
        var held = BlocksHeldBy(state, target);
        Assert.True(held.Count >= 2, "the target must hold several blocks for the attack to repeat");

        int accepted = 0;
        foreach (var block in Artwork.Blocks.Select(b => b.BlockId))
        {
            var result = ChainRules.Apply(state, Sign(state, liar, Failure(state, target, block)));
            if (result.IsOk) { state = result.Value; accepted++; }
        }
        Assert.Equal(1, accepted); // once per challenger, target and epoch
        var node = state.Masternodes[target.Id];
        Assert.Equal(0, node.PenaltyUntilHeight);
        Assert.Equal(1m, node.ReputationScore);
        Assert.False(node.Disqualified);
        state = Seal(state);
        Assert.True(state.RewardRecords[^1].PayoutsBaseUnits.ContainsKey(target.Id), "the accused target was not paid");
    }

    [Fact]
    public void A_quorum_of_selected_challengers_penalises_once_per_epoch()
    {
        var state = Network();
        var target = TargetOf(state);
        var challengers = ChallengersOf(state, target);
        var block = BlocksHeldBy(state, target)[0];
        state = Accept(state, challengers[0], Failure(state, target, block));
        Assert.Equal(0, state.Masternodes[target.Id].PenaltyUntilHeight);
        state = Accept(state, challengers[1], Failure(state, target, block));
        var penalised = state.Masternodes[target.Id];
        Assert.Equal(state.PendingHeight + Options.Economics.Rewards.PenaltyHeights, penalised.PenaltyUntilHeight);
        Assert.Equal(0.999m, penalised.ReputationScore);
        // The third challenger's failure agrees, but the epoch's penalty is already paid: nothing more.
        state = Accept(state, challengers[2], Failure(state, target, block));
        Assert.Equal(penalised.PenaltyUntilHeight, state.Masternodes[target.Id].PenaltyUntilHeight);
        Assert.Equal(0.999m, state.Masternodes[target.Id].ReputationScore);
    }

    [Fact]
    public void A_report_must_name_a_block_the_target_was_placed_on_and_the_epochs_range()
    {
        var state = Network();
        var target = TargetOf(state);
        var challenger = ChallengersOf(state, target)[0];
        var held = BlocksHeldBy(state, target)[0];
        var notHeld = Artwork.Blocks.Select(b => b.BlockId).First(id => !BlocksHeldBy(state, target).Contains(id));
        Reject(state, challenger, Failure(state, target, notHeld), "not-planned");
        var report = Failure(state, target, held);
        Reject(state, challenger, report with { Offset = (report.Offset + 1) % ChallengeDraw.BlockBytes(Artwork.Codec) }, "not-planned");
        Reject(state, challenger, report with { Length = ChallengeDraw.BlockBytes(Artwork.Codec) - report.Offset + 1 }, report.Length > Options.MaxChallengeRangeBytes ? "bad-range" : "not-planned");
        Accept(state, challenger, report);
    }
}
