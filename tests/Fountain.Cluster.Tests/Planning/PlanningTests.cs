using System.Security.Cryptography;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Codec.Hashing;
using Fountain.Node.Challenges;
using Fountain.Node.Healing;
using Fountain.Node.Network;

namespace Fountain.Cluster.Tests.Planning;

/// <summary>The deterministic planning of issue 7: custody, redundancy, heals, challenges.</summary>
public class PlanningTests
{
    private static string Id(int i) => Convert.ToHexStringLower(SHA3_256.HashData(BitConverter.GetBytes(i)));

    private static readonly List<string> Nodes = Enumerable.Range(0, 12).Select(Id).ToList();

    private static readonly List<Masternode> Masternodes = Nodes.Select(id => new Masternode(id, "", "", 0, 0, null, 0)).ToList();

    private static ChainHead Epoch(long height) => new(height, Convert.ToHexStringLower(SHA3_256.HashData(BitConverter.GetBytes(height))), DateTimeOffset.UnixEpoch);

    private static ArtworkTicket Ticket(int artwork, int blocks, long archiveBytes = 1_000_000, int holders = 5, params TicketAmendment[] amendments) =>
        new(Id(1000 + artwork), "owner", new CodecParameters("v1", archiveBytes, 8192, 128, 512, 0.03, 0.5),
            Enumerable.Range(1, blocks).Select(i => new TicketBlock((uint)i, Id(10_000 * artwork + i))).ToList(), holders, 0, 1, amendments);

    [Fact]
    public void Custody_names_a_primary_and_two_distinct_verifiers_and_changes_with_the_epoch()
    {
        var artwork = Id(5);
        var a = Custody.Custodians(artwork, Epoch(1), Masternodes, 2);
        Assert.Equal(3, a.Distinct().Count());
        Assert.Equal(a, Custody.Custodians(artwork, Epoch(1), Enumerable.Reverse(Masternodes), 2)); // everyone computes the same
        var primaries = Enumerable.Range(0, 50).Select(e => Custody.Custodians(artwork, Epoch(e), Masternodes, 2)[0]).Distinct().Count();
        Assert.True(primaries >= 6, $"custody rotated over only {primaries} of 12 nodes in 50 epochs");
        Assert.Empty(Custody.Custodians(artwork, Epoch(1), [], 2));
    }

    [Fact]
    public void Redundancy_counts_distinct_available_payload_bytes_over_the_archive()
    {
        // 24 blocks of 64 KiB payload (512 symbols of 128 B) for a 1,000,000-byte archive.
        var ticket = Ticket(1, 24);
        var all = ticket.AllBlocks.Select(b => b.BlockId).ToHashSet();
        var full = RedundancyMeter.Measure(ticket, all);
        Assert.Equal(24, full.BlocksAvailable);
        Assert.Equal(24 * 65536 / 1_000_000.0, full.Redundancy, 9);
        var quarter = RedundancyMeter.Measure(ticket, all.Take(6).ToHashSet());
        Assert.Equal(full.Redundancy / 4, quarter.Redundancy, 9);
        Assert.Equal(0, RedundancyMeter.Measure(ticket, new HashSet<string>()).Redundancy);
    }

    [Fact]
    public void A_heal_restores_the_target_with_indices_never_used_before()
    {
        // 183 blocks of 65,536 payload bytes = 12x of 1,000,000 bytes.
        var amendment = new TicketAmendment(9, "p", "v", [new TicketBlock(500, Id(77))], "heal");
        var ticket = Ticket(2, 183, amendments: amendment);
        var policy = new HealingPolicy();
        var healthy = RedundancyMeter.Measure(ticket, ticket.AllBlocks.Select(b => b.BlockId).ToHashSet());
        Assert.Null(HealPlan.For(ticket, healthy, policy));

        var damaged = RedundancyMeter.Measure(ticket, ticket.AllBlocks.Take(46).Select(b => b.BlockId).ToHashSet()); // 25% left
        var plan = HealPlan.For(ticket, damaged, policy)!;
        Assert.Equal(501u, plan.FirstNewIndex);
        double after = (damaged.PayloadBytesAvailable + plan.BlocksToAdd * 65536.0) / 1_000_000;
        Assert.InRange(after, policy.HealTo, policy.HealTo + 65536.0 / 1_000_000);
        Assert.Equal(50, HealPlan.For(ticket, damaged, policy with { MaxBlocksPerHeal = 50 })!.BlocksToAdd);
    }

    [Fact]
    public void Every_holding_node_is_challenged_once_by_another_on_a_block_it_must_hold_within_its_bytes()
    {
        var tickets = Enumerable.Range(0, 5).Select(a => Ticket(a, 30)).ToList();
        var plan = ChallengePlan.For(Epoch(42), Masternodes, tickets);
        Assert.Equal(Nodes.Count, plan.Count);
        Assert.Equal(Nodes.Order(), plan.Select(c => c.TargetId).Order());
        long blockBytes = 96 + 512 * 128;
        foreach (var challenge in plan)
        {
            Assert.NotEqual(challenge.TargetId, challenge.ChallengerId);
            var ticket = tickets.Single(t => t.ArtworkId == challenge.ArtworkId);
            var holders = Rendezvous.Select(Rendezvous.Place, Hash256.Parse(challenge.BlockId).ToArray(), [], Nodes, ticket.HoldersPerBlock);
            Assert.Contains(challenge.TargetId, holders);
            Assert.InRange(challenge.Offset, 0, blockBytes - 1);
            Assert.InRange(challenge.Length, 1, blockBytes - challenge.Offset);
        }
        Assert.Equal(plan, ChallengePlan.For(Epoch(42), Enumerable.Reverse(Masternodes).ToList(), tickets)); // same for everyone
        var next = ChallengePlan.For(Epoch(43), Masternodes, tickets);
        Assert.NotEqual(plan.Select(c => (c.BlockId, c.Offset)), next.Select(c => (c.BlockId, c.Offset)));
        Assert.Equal(plan.Count, plan.Select(c => c.Id).Distinct().Count());
    }

    [Fact]
    public void Penalised_nodes_are_neither_targets_nor_holders_by_placement()
    {
        var penalised = Masternodes.Select((m, i) => i < 3 ? m with { PenaltyUntilHeight = 100 } : m).ToList();
        var plan = ChallengePlan.For(Epoch(42), penalised, [Ticket(0, 30)]);
        Assert.DoesNotContain(plan, c => penalised.Take(3).Any(p => p.Id == c.TargetId || p.Id == c.ChallengerId));
    }

    [Fact]
    public void Nodes_that_hold_nothing_are_not_challenged()
    {
        var plan = ChallengePlan.For(Epoch(1), Masternodes, [Ticket(0, 1, holders: 3)]);
        Assert.Equal(3, plan.Count);
    }
}
