using Fountain.Actors.Cluster;
using Fountain.Chain.Selection;

namespace Fountain.Actors.Tests.Cluster;

/// <summary>The custody rule over the roster and the shard placement decisions built on it (pure).</summary>
public sealed class ShardPlacementTests
{
    private static readonly string[] Members = Enumerable.Range(1, 6).Select(i => $"akka.tcp://fountain@10.0.0.{i}:8101").ToArray();
    private static readonly string[] Artworks = Enumerable.Range(0, 60).Select(i => Rosters.ArtworkId("art-" + i)).ToArray();

    private static RosterCustodyRule RuleAt(long epoch, params string[] members)
    {
        var rule = new RosterCustodyRule();
        rule.Update(Rosters.Of(Rosters.Epoch(epoch), members));
        return rule;
    }

    [Fact]
    public void With_every_member_up_the_preferred_member_is_the_chains_custodian_primary()
    {
        var rule = RuleAt(42, Members);
        var masternodes = Members.Select(m => Rosters.Masternode(m, "http://unused.example")).ToList();
        foreach (var artwork in Artworks)
        {
            var primary = Custody.Custodians(artwork, Rosters.Epoch(42), masternodes, verifiers: 2)[0];
            Assert.Equal(Rosters.NodeId(rule.Preferred(artwork, Members)!), primary);
        }
    }

    [Fact]
    public void When_the_primary_is_not_up_the_next_ranked_up_member_is_preferred()
    {
        var rule = RuleAt(42, Members);
        var masternodes = Members.Select(m => Rosters.Masternode(m, "http://unused.example")).ToList();
        foreach (var artwork in Artworks.Take(20))
        {
            var ranked = Custody.Custodians(artwork, Rosters.Epoch(42), masternodes, verifiers: 5).ToList();
            var up = Members.Where(m => Rosters.NodeId(m) != ranked[0]).ToList();
            Assert.Equal(ranked[1], Rosters.NodeId(rule.Preferred(artwork, up)!));
        }
    }

    [Fact]
    public void Members_the_roster_does_not_list_or_gives_no_custody_are_never_preferred()
    {
        var rule = new RosterCustodyRule();
        Assert.Null(rule.Preferred(Artworks[0], Members)); // no roster yet
        rule.Update(new MasternodeRoster(Rosters.Epoch(3), [new RosterEntry(Rosters.NodeId(Members[0]), Members[0], MayHoldCustody: false), new RosterEntry(Rosters.NodeId(Members[1]), Members[1], true)]));
        Assert.All(Artworks, a => Assert.Equal(Members[1], rule.Preferred(a, Members)));
        Assert.Null(rule.Preferred(Artworks[0], [Members[0], Members[2]]));
    }

    [Fact]
    public void A_new_shard_goes_to_the_rules_choice_or_else_to_the_requester_if_up()
    {
        var rule = RuleAt(1, Members);
        var preferred = rule.Preferred(Artworks[0], Members)!;
        Assert.Equal(preferred, ShardPlacement.Home(Artworks[0], Members[5], Members, rule.AsRule()));
        CustodyRule none = (_, _) => null;
        Assert.Equal(Members[5], ShardPlacement.Home(Artworks[0], Members[5], Members, none));
        Assert.Equal(Members[0], ShardPlacement.Home(Artworks[0], "akka.tcp://fountain@10.9.9.9:1", Members.Reverse().ToArray(), none));
        Assert.Null(ShardPlacement.Home(Artworks[0], Members[0], [], rule.AsRule()));
    }

    [Fact]
    public void Rebalance_moves_only_shards_whose_preferred_member_changed_limited_per_round()
    {
        var before = RuleAt(1, Members);
        var allocation = Members.ToDictionary(m => m, m => (IReadOnlyList<string>)Artworks.Where(a => before.Preferred(a, Members) == m).ToList());
        Assert.Empty(ShardPlacement.ToRebalance(allocation, Members, new HashSet<string>(), 100, before.AsRule()));

        var next = RuleAt(2, Members); // a new epoch: a new seed, new primaries
        var moved = Artworks.Where(a => before.Preferred(a, Members) != next.Preferred(a, Members)).Order(StringComparer.Ordinal).ToList();
        Assert.InRange(moved.Count, 30, 60); // about 5 in 6 move with 6 members
        Assert.Equal(moved, ShardPlacement.ToRebalance(allocation, Members, new HashSet<string>(), 100, next.AsRule()));
        Assert.Equal(moved.Take(4), ShardPlacement.ToRebalance(allocation, Members, new HashSet<string>(), 4, next.AsRule()));
        var inProgress = new HashSet<string> { moved[0], moved[1] };
        Assert.Equal(moved.Skip(2).Take(2), ShardPlacement.ToRebalance(allocation, Members, inProgress, 4, next.AsRule()));
        Assert.Empty(ShardPlacement.ToRebalance(allocation, Members, moved.Take(4).ToHashSet(), 4, next.AsRule()));
    }

    [Fact]
    public void A_member_coming_moves_only_the_shards_it_is_now_custodian_of_and_shards_of_a_member_going_away_are_left_to_akka()
    {
        var rule = RuleAt(1, Members);
        var without = Members.Skip(1).ToList();
        var allocation = Members.ToDictionary(m => m, m => (IReadOnlyList<string>)Artworks.Where(a => rule.Preferred(a, without) == m).ToList());
        Assert.Empty(allocation[Members[0]]);
        // Members[0] comes Up: only the shards it now ranks first for move to it, none between the others (rendezvous).
        var moves = ShardPlacement.ToRebalance(allocation, Members, new HashSet<string>(), 100, rule.AsRule());
        Assert.Equal(Artworks.Where(a => rule.Preferred(a, Members) == Members[0]).Order(StringComparer.Ordinal), moves);
        Assert.NotEmpty(moves);

        // Members[1] is leaving (no longer Up) while its region still hosts its shards: its own shut-down hands them off.
        var settled = Members.ToDictionary(m => m, m => (IReadOnlyList<string>)Artworks.Where(a => rule.Preferred(a, Members) == m).ToList());
        Assert.Empty(ShardPlacement.ToRebalance(settled, Members.Where(m => m != Members[1]).ToList(), new HashSet<string>(), 100, rule.AsRule()));
    }
}
