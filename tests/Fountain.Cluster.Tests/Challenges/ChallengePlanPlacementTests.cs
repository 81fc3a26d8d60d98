using System.Security.Cryptography;
using Fountain.Chain.Model;
using Fountain.Codec.Hashing;
using Fountain.Node.Challenges;
using Fountain.Node.Network;

namespace Fountain.Cluster.Tests.Challenges;

/// <summary>
/// Placement moves when nodes join or are penalised; a node must not be audited on a block placement only now
/// assigns it (it never received it). These are the false penalties the plan must rule out.
/// </summary>
public class ChallengePlanPlacementTests
{
    private static string Id(int i) => Convert.ToHexStringLower(SHA3_256.HashData(BitConverter.GetBytes(i)));

    private static Masternode Node(int i, long registeredAt = 0, long penaltyUntil = 0) => new(Id(i), "", "", 0, registeredAt, null, penaltyUntil);

    private static ChainHead Epoch(long height) => new(height, Convert.ToHexStringLower(SHA3_256.HashData(BitConverter.GetBytes(height))), DateTimeOffset.UnixEpoch);

    private static ArtworkTicket Ticket(int blocks, long registeredAt, int holders) =>
        new(Id(5000), "owner", new CodecParameters("v1", 100_000, 2048, 64, 64, 0.03, 0.5),
            Enumerable.Range(1, blocks).Select(i => new TicketBlock((uint)i, Id(50_000 + i))).ToList(), holders, 0, registeredAt, []);

    [Fact]
    public void A_node_that_joined_after_a_block_was_placed_is_not_audited_on_it()
    {
        var old = Enumerable.Range(0, 8).Select(i => Node(i)).ToList();
        var ticket = Ticket(200, registeredAt: 10, holders: 3);
        var joined = Enumerable.Range(100, 4).Select(i => Node(i, registeredAt: 20)).ToList();
        var all = old.Concat(joined).ToList();
        // Today's placement does name the newcomers as holders of some blocks: the case is real.
        var eligible = Placement.EligibleIds(all, 30);
        Assert.Contains(ticket.Blocks, b => Placement.HoldersOf(Hash256.Parse(b.BlockId), eligible, 3).Intersect(joined.Select(j => j.Id)).Any());
        for (long epoch = 30; epoch < 60; epoch++)
            Assert.DoesNotContain(ChallengePlan.For(Epoch(epoch), all, [ticket]), c => joined.Any(j => j.Id == c.TargetId));
    }

    [Fact]
    public void A_node_promoted_to_holder_by_anothers_penalty_is_not_audited_on_that_block()
    {
        var nodes = Enumerable.Range(0, 8).Select(i => Node(i)).ToList();
        var ticket = Ticket(200, registeredAt: 5, holders: 3);
        var before = Placement.EligibleIds(nodes, 30);
        var penalised = nodes.Select((m, i) => i == 0 ? m with { PenaltyUntilHeight = 1000 } : m).ToList();
        var after = Placement.EligibleIds(penalised, 30);
        // For each block the penalised node held, the next node in rendezvous order now "holds" it by placement.
        var promoted = ticket.Blocks.Select(b => Hash256.Parse(b.BlockId))
            .SelectMany(b => Placement.HoldersOf(b, after, 3).Except(Placement.HoldersOf(b, before, 3)).Select(h => (Block: b.ToString(), Holder: h)))
            .ToHashSet();
        Assert.NotEmpty(promoted);
        int audits = 0;
        for (long epoch = 30; epoch < 90; epoch++)
            foreach (var c in ChallengePlan.For(Epoch(epoch), penalised, [ticket]))
            {
                Assert.DoesNotContain((c.BlockId, c.TargetId), promoted);
                audits++;
            }
        Assert.True(audits > 100, "the honest holders were still audited");
    }

    [Fact]
    public void A_node_back_from_offline_is_spared_audits_on_older_blocks_for_the_grace_only()
    {
        var nodes = Enumerable.Range(0, 8).Select(i => Node(i)).ToList();
        var ticket = Ticket(200, registeredAt: 10, holders: 3);
        // Node 0 came back at height 40: blocks placed at 10 may have been placed while it was away.
        var back = nodes.Select((m, i) => i == 0 ? m with { OnlineSinceHeight = 40 } : m).ToList();
        const long grace = 30;
        for (long epoch = 41; epoch < 70; epoch++)
            Assert.DoesNotContain(ChallengePlan.For(Epoch(epoch), back, [ticket], rejoinGraceHeights: grace, challengersPerTarget: 3), c => c.TargetId == nodes[0].Id);
        // After the grace it answers for all its blocks again: going offline once is no way out of audits.
        int audits = 0;
        for (long epoch = 70; epoch < 80; epoch++)
            audits += ChallengePlan.For(Epoch(epoch), back, [ticket], rejoinGraceHeights: grace, challengersPerTarget: 3).Count(c => c.TargetId == nodes[0].Id);
        Assert.True(audits >= 10, $"node 0 was audited {audits} times in the 10 epochs after its grace");
        // A block placed after its return is audited at once.
        var later = ticket with { Amendments = [new TicketAmendment(45, Id(1), Id(2), Enumerable.Range(201, 100).Select(i => new TicketBlock((uint)i, Id(50_000 + i))).ToList(), "heal")] };
        Assert.Contains(Enumerable.Range(46, 10).SelectMany(e => ChallengePlan.For(Epoch(e), back, [later], rejoinGraceHeights: grace, challengersPerTarget: 3)),
            c => c.TargetId == nodes[0].Id && later.Amendments[0].AddedBlocks.Any(b => b.BlockId == c.BlockId));
    }
}
