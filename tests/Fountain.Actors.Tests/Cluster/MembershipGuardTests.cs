using Fountain.Actors.Cluster;

namespace Fountain.Actors.Tests.Cluster;

/// <summary>The membership guard's decisions, the chain's roster against the cluster's members (pure).</summary>
public sealed class MembershipGuardTests
{
    private const string A = "akka.tcp://fountain@10.0.0.1:8101";
    private const string B = "akka.tcp://fountain@10.0.0.2:8101";
    private const string Stranger = "akka.tcp://fountain@10.6.6.6:8101";

    private static readonly MasternodeRoster Roster = Rosters.Of(Rosters.Epoch(5), A, B);
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    private static GuardDecision Decide(string self, ObservedMember[] members, MasternodeRoster roster) => MembershipGuard.Decide(self, members, roster, Now, Grace);

    [Fact]
    public void A_member_the_chain_does_not_list_is_downed_and_listed_ones_stay()
    {
        var decision = Decide(A, [new(A, false), new(B, false), new(Stranger, false)], Roster);
        Assert.Equal([Stranger], decision.ToDown);
        Assert.False(decision.SelfMustLeave);
    }

    [Fact]
    public void A_stranger_already_on_its_way_out_is_left_alone()
    {
        var decision = Decide(A, [new(A, false), new(Stranger, true)], Roster);
        Assert.Equal(GuardDecision.Nothing.ToDown, decision.ToDown);
        Assert.False(decision.SelfMustLeave);
    }

    [Fact]
    public void A_node_whose_registration_lapsed_leaves_and_downs_nobody()
    {
        var roster = Rosters.Of(Rosters.Epoch(6), B);
        var decision = Decide(A, [new(A, false), new(B, false), new(Stranger, false)], roster);
        Assert.True(decision.SelfMustLeave);
        Assert.Empty(decision.ToDown); // a node the chain does not list has no say over others
    }

    [Fact]
    public void An_empty_roster_makes_the_node_leave_rather_than_down_everyone()
    {
        var decision = Decide(A, [new(A, false), new(B, false)], Rosters.Of(Rosters.Epoch(7)));
        Assert.True(decision.SelfMustLeave);
        Assert.Empty(decision.ToDown);
    }

    [Fact]
    public void Addresses_compare_without_the_case_of_their_host()
    {
        var roster = Rosters.Of(Rosters.Epoch(5), "akka.tcp://fountain@node-a.example:8101", B);
        var decision = Decide("akka.tcp://fountain@Node-A.Example:8101", [new("akka.tcp://fountain@NODE-A.example:8101", false), new(B, false)], roster);
        Assert.Empty(decision.ToDown);
        Assert.False(decision.SelfMustLeave);
    }

    [Fact]
    public void The_system_name_and_port_are_part_of_the_identity()
    {
        var decision = Decide(A, [new("akka.tcp://other@10.0.0.2:8101", false), new("akka.tcp://fountain@10.0.0.2:8102", false)], Roster);
        Assert.Equal(["akka.tcp://fountain@10.0.0.2:8102", "akka.tcp://other@10.0.0.2:8101"], decision.ToDown);
    }

    [Fact]
    public void A_member_whose_registration_lapsed_gets_time_to_leave_by_itself_then_is_downed()
    {
        var lapsed = new ObservedMember(B, false, WasListed: true, UnlistedSince: Now - TimeSpan.FromSeconds(29));
        var roster = Rosters.Of(Rosters.Epoch(6), A);
        var waiting = Decide(A, [new(A, false, true), lapsed], roster);
        Assert.Empty(waiting.ToDown);
        Assert.Equal([B], waiting.Awaiting);
        var overdue = Decide(A, [new(A, false, true), lapsed with { UnlistedSince = Now - Grace }], roster);
        Assert.Equal([B], overdue.ToDown);
        Assert.Empty(overdue.Awaiting);
        Assert.Empty(Decide(A, [new(A, false, true), lapsed with { Departing = true }], roster).ToDown); // it is leaving: nothing to do
    }
}
