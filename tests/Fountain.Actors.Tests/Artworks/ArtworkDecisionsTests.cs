using Fountain.Actors.Artworks;

namespace Fountain.Actors.Tests.Artworks;

/// <summary>The artwork actor's decisions, pure: no actor system, no journal, time handed in.</summary>
public sealed class ArtworkDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static ArtworkState Fold(ArtworkState state, IEnumerable<ArtworkEvent> events) => events.Aggregate(state, ArtworkDecisions.Apply);

    [Fact]
    public void A_check_without_a_heal_is_one_measurement()
    {
        var events = ArtworkDecisions.Decide(ArtworkState.Initial, new CheckFinishedFact(new CheckSummary(7, 11.5, 40, 11.5, 40, 0, null)), Now);
        var measured = Assert.Single(events);
        Assert.Equal((ArtworkEvent.Measured, 7L, 11.5, 40, Now), (measured.Kind, measured.EpochHeight, measured.Redundancy, measured.BlocksAvailable, measured.At!.Value));
        Assert.Equal(ArtworkState.Initial with { LastRedundancy = 11.5, LastEpochHeight = 7 }, Fold(ArtworkState.Initial, events));
    }

    [Fact]
    public void A_heal_is_started_then_committed_by_its_checks_report()
    {
        var started = ArtworkDecisions.Decide(ArtworkState.Initial, new HealStartFact(new HealStarting(9, 41, 8, 2)), Now);
        var state = Fold(ArtworkState.Initial, started);
        Assert.Equal((ArtworkEvent.HealStarted, 41u, 8, 2), (state.HealInFlight!.Kind, state.HealInFlight.FirstNewIndex, state.HealInFlight.BlocksAdded, state.HealInFlight.BasedOnAmendments));

        var finished = ArtworkDecisions.Decide(state, new CheckFinishedFact(new CheckSummary(9, 6.0, 20, 12.0, 28, 8, null)), Now);
        Assert.Equal([ArtworkEvent.Measured, ArtworkEvent.HealCommitted], finished.Select(e => e.Kind));
        var committed = finished[1];
        Assert.Equal((41u, 8, 12.0, 28, 2), (committed.FirstNewIndex, committed.BlocksAdded, committed.Redundancy, committed.BlocksAvailable, committed.BasedOnAmendments));
        state = Fold(state, finished);
        Assert.Null(state.HealInFlight);
        Assert.Equal((1, 12.0, 9L), (state.HealsCommitted, state.LastRedundancy, state.LastEpochHeight));
    }

    [Fact]
    public void A_heal_that_added_nothing_fails_with_the_checks_reason()
    {
        var state = Fold(ArtworkState.Initial, ArtworkDecisions.Decide(ArtworkState.Initial, new HealStartFact(new HealStarting(9, 41, 8, 0)), Now));
        var finished = ArtworkDecisions.Decide(state, new CheckFinishedFact(new CheckSummary(9, 6.0, 20, 6.0, 20, 0, "no custody verifier signed")), Now);
        Assert.Equal([ArtworkEvent.Measured, ArtworkEvent.HealFailed], finished.Select(e => e.Kind));
        Assert.Equal("no custody verifier signed", finished[1].Detail);
        Assert.Equal(0, Fold(state, finished).HealsCommitted);
        Assert.Null(Fold(state, finished).HealInFlight);
    }

    [Theory]
    [InlineData(true, ArtworkEvent.HealCommitted)]
    [InlineData(false, ArtworkEvent.HealFailed)]
    public void A_heal_left_in_flight_by_a_restart_is_settled_by_what_the_ticket_says(bool landed, string kind)
    {
        var state = Fold(ArtworkState.Initial, ArtworkDecisions.Decide(ArtworkState.Initial, new HealStartFact(new HealStarting(9, 41, 8, 3)), Now));
        var settled = Assert.Single(ArtworkDecisions.Decide(state, new InFlightSettled(state.HealInFlight!, landed), Now));
        Assert.Equal((kind, 41u, 3), (settled.Kind, settled.FirstNewIndex, settled.BasedOnAmendments));
        var after = Fold(state, [settled]);
        Assert.Null(after.HealInFlight);
        Assert.Equal(landed ? 1 : 0, after.HealsCommitted);
    }

    [Fact]
    public void An_unknown_event_kind_changes_nothing_so_a_newer_journal_still_recovers()
    {
        var state = new ArtworkState(3, 4, null, 1);
        Assert.Equal(state, ArtworkDecisions.Apply(state, new ArtworkEvent("from-the-future", 5, 9, 9, 9, 9, null)));
    }

    [Fact]
    public void Decisions_are_deterministic_in_state_fact_and_time()
    {
        var fact = new CheckFinishedFact(new CheckSummary(9, 6.0, 20, 12.0, 28, 8, null));
        var state = new ArtworkState(1, 2, new ArtworkEvent(ArtworkEvent.HealStarted, 8, 1, 0, 30, 8, null, 1), 0);
        Assert.Equal(ArtworkDecisions.Decide(state, fact, Now), ArtworkDecisions.Decide(state, fact, Now));
    }
}
