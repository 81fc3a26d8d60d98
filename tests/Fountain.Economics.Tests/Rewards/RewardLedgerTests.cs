using Fountain.Economics.Rewards;

namespace Fountain.Economics.Tests.Rewards;

public class RewardLedgerTests
{
    private static readonly string[] Nodes = ["mn-a", "mn-b", "mn-c"];

    [Fact]
    public void The_reward_is_shared_equally_and_the_remainder_stays_in_the_pool()
    {
        var ledger = RewardLedger.Create(new RewardOptions { RewardPerHeight = Tokens.FromWhole(10) }).Value;
        var (_, rewards) = ledger.CloseHeight(1, Nodes).Value;
        // 10 tokens = 10^9 units; 10^9 / 3 = 333 333 333 each, 1 unit left over.
        Assert.All(rewards.Payouts.Values, p => Assert.Equal(new Tokens(333_333_333), p));
        Assert.Equal(new Tokens(1), rewards.Undistributed);
        Assert.Empty(rewards.WithheldUntil);
    }

    [Fact]
    public void A_failed_challenge_withholds_rewards_for_exactly_one_hundred_heights()
    {
        var ledger = RewardLedger.Create(RewardOptions.Default).Value;
        ledger = ledger.RecordFailedChallenge("mn-b", 10).Value;
        for (long h = 0; h < 120; h++)
        {
            var (next, rewards) = ledger.CloseHeight(h, Nodes).Value;
            ledger = next;
            var penalized = h is >= 10 and < 110;
            Assert.Equal(!penalized, rewards.Payouts.ContainsKey("mn-b"));
            Assert.Equal(penalized, rewards.WithheldUntil.ContainsKey("mn-b"));
            if (penalized)
            {
                Assert.Equal(110, rewards.WithheldUntil["mn-b"]);
                Assert.Equal(new Tokens(500_000_000), rewards.Payouts["mn-a"]); // 10 tokens between two
            }
            Assert.Equal(rewards.Reward, rewards.Payouts.Values.Aggregate(Tokens.Zero, (a, b) => a + b) + rewards.Undistributed);
        }
    }

    [Fact]
    public void Repeated_failures_extend_the_penalty()
    {
        var ledger = RewardLedger.Create(RewardOptions.Default).Value;
        ledger = ledger.RecordFailedChallenge("mn-a", 10).Value;  // until 110
        ledger = ledger.RecordFailedChallenge("mn-a", 50).Value;  // until 210
        Assert.Equal(210, ledger.Penalties.Penalties["mn-a"].Until);
        ledger = ledger.RecordFailedChallenge("mn-c", 10).Value;
        var (after, rewards) = ledger.CloseHeight(209, Nodes).Value;
        Assert.False(rewards.Payouts.ContainsKey("mn-a"));
        Assert.True(rewards.Payouts.ContainsKey("mn-c"));
        Assert.False(after.Penalties.Penalties.ContainsKey("mn-c")); // ended, pruned
        var (_, next) = after.CloseHeight(210, Nodes).Value;
        Assert.True(next.Payouts.ContainsKey("mn-a"));
    }

    [Fact]
    public void Closed_heights_and_bad_input_are_refused()
    {
        var ledger = RewardLedger.Create(RewardOptions.Default).Value;
        var (closed, _) = ledger.CloseHeight(5, Nodes).Value;
        Assert.Equal("height-closed", closed.CloseHeight(5, Nodes).Rejection!.Code);
        Assert.Equal("height-closed", closed.RecordFailedChallenge("mn-a", 5).Rejection!.Code);
        Assert.Equal("bad-node", closed.CloseHeight(6, ["mn-a", ""]).Rejection!.Code);
        Assert.Equal("bad-option", RewardLedger.Create(new RewardOptions { PenaltyHeights = 0 }).Rejection!.Code);
        // Nobody eligible: the whole reward stays in the pool.
        var (_, none) = ledger.CloseHeight(1, []).Value;
        Assert.Equal(none.Reward, none.Undistributed);
    }
}
