using System.Security.Cryptography;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Cluster.Tests.Misbehaviour;
using Fountain.Node.Challenges;
using Xunit.Abstractions;

namespace Fountain.Cluster.Tests.Challenges;

/// <summary>
/// Several audits per target and epoch (issue 7), on the pure plan: each target is audited on up to
/// <c>challengersPerTarget</c> distinct blocks, each by a different challenger the chain accepts, and a node that keeps half
/// of its blocks is caught within 3 epochs with high probability. Computed over many epoch seeds without a cluster, so
/// the distribution is measured, not sampled from one lucky run.
/// </summary>
public sealed class ChallengePlanAuditTests(ITestOutputHelper output)
{
    private static string Id(int i) => Convert.ToHexStringLower(SHA3_256.HashData(BitConverter.GetBytes(i)));

    private static Masternode Node(int i) => new(Id(i), "", "", 0, 0, null, 0);

    private static ChainHead Epoch(long height, int run) =>
        new(height, Convert.ToHexStringLower(SHA3_256.HashData([.. BitConverter.GetBytes(height), .. BitConverter.GetBytes(run)])), DateTimeOffset.UnixEpoch);

    private static ArtworkTicket Ticket(int run, int blocks, int holders) =>
        new(Id(7_000_000 + run), "owner", new CodecParameters("v1", 100_000, 2048, 64, 64, 0.03, 0.5),
            Enumerable.Range(1, blocks).Select(i => new TicketBlock((uint)i, Id(run * 10_000 + i))).ToList(), holders, 0, 0, []);

    [Fact]
    public void Each_target_gets_distinct_blocks_from_distinct_challengers_the_chain_accepts()
    {
        var nodes = Enumerable.Range(0, 10).Select(Node).ToList();
        var ticket = Ticket(1, 120, holders: 3);
        for (int e = 0; e < 50; e++)
        {
            var epoch = Epoch(100 + e, 0);
            var plan = ChallengePlan.For(epoch, nodes, [ticket], challengersPerTarget: 3);
            foreach (var audits in plan.GroupBy(c => c.TargetId))
            {
                var chainChallengers = Custody.Challengers(audits.Key, epoch, nodes, 3);
                Assert.Equal(3, audits.Count()); // every node holds ~36 blocks here, so three are always drawn
                Assert.Equal(3, audits.Select(c => c.BlockId).Distinct().Count());
                Assert.Equal(3, audits.Select(c => c.ChallengerId).Distinct().Count());
                Assert.All(audits, c => Assert.Contains(c.ChallengerId, chainChallengers));
                Assert.All(audits, c => Assert.NotEqual(c.TargetId, c.ChallengerId));
            }
            // One challenger per target is the first of those three on the first of those blocks: a prefix, as before.
            var single = ChallengePlan.For(epoch, nodes, [ticket], challengersPerTarget: 1);
            Assert.All(single, c => Assert.Contains(c, plan));
        }
    }

    [Fact]
    public void A_node_keeping_half_its_blocks_is_caught_within_three_epochs_with_high_probability()
    {
        const int runs = 300, maxEpochs = 40;
        var nodes = Enumerable.Range(0, 10).Select(Node).ToList();
        var dropper = new Cheat { Kind = MisbehaviourKind.DropFraction, DropFraction = 0.5 };
        string target = nodes[3].Id;

        int[] EpochsToCatch(int challengersPerTarget) => Enumerable.Range(0, runs).Select(run =>
        {
            var ticket = Ticket(run, 150, holders: 3);
            for (int e = 1; e <= maxEpochs; e++)
                if (ChallengePlan.For(Epoch(e, run), nodes, [ticket], challengersPerTarget: challengersPerTarget)
                    .Any(c => c.TargetId == target && dropper.Drops(c.BlockId)))
                    return e;
            return maxEpochs + 1;
        }).ToArray();

        var one = EpochsToCatch(1);
        var three = EpochsToCatch(3);
        string Describe(int[] d) =>
            $"mean {d.Average():F2}, within 1: {d.Count(x => x <= 1) / (double)runs:P1}, within 3: {d.Count(x => x <= 3) / (double)runs:P1}, " +
            $"p99 {d.Order().ElementAt((int)(0.99 * (runs - 1)))}, max {d.Max()}";
        output.WriteLine($"50% dropper, {runs} seeds, epochs to the first failed audit: 1 challenge/target: {Describe(one)}; 3 challenges/target: {Describe(three)}");

        // Theory: a half-dropper passes an epoch with p = 1/2 (one audit) or about 1/8 (three distinct blocks), so it survives
        // three epochs with probability 1/8 or about 1/512. The bounds below leave room for sampling noise over 300 seeds.
        Assert.True(three.Count(x => x <= 3) >= 0.98 * runs, Describe(three));
        Assert.True(three.Average() < 1.4, Describe(three));
        Assert.True(one.Average() > 1.6, Describe(one)); // the old rate, so the comparison means something
        Assert.True(three.Max() <= 8, Describe(three));
    }
}
