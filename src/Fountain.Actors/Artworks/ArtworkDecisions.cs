namespace Fountain.Actors.Artworks;

/// <summary>What an artwork actor decides on: the facts its check reports, turned into journal events by <see cref="ArtworkDecisions.Decide"/>.</summary>
public abstract record ArtworkFact;

/// <summary>The check found on the ticket whether the heal in flight from before (a restart, a cut-off check) landed.</summary>
public sealed record InFlightSettled(ArtworkEvent Heal, bool Landed) : ArtworkFact;

/// <summary>This check starts a heal (see <see cref="HealStarting"/>).</summary>
public sealed record HealStartFact(HealStarting Heal) : ArtworkFact;

/// <summary>A check finished with this report.</summary>
public sealed record CheckFinishedFact(CheckSummary Summary) : ArtworkFact;

/// <summary>
/// The artwork actor's decisions, pure (DESIGN.md, "Conventions": actor state transitions are pure and deterministic):
/// no Akka, no I/O, no clock but the time handed in. <see cref="Decide"/> says which events a fact makes in a state;
/// <see cref="Apply"/> folds an event into the state, on the live path and in recovery alike.
/// </summary>
public static class ArtworkDecisions
{
    public static IReadOnlyList<ArtworkEvent> Decide(ArtworkState state, ArtworkFact fact, DateTimeOffset now) => fact switch
    {
        // Settled before the check starts a heal of its own (the check tells this first), so the journal reads in order:
        // the old heal started, then committed or failed, then the next one started.
        InFlightSettled s =>
        [
            s.Landed
                ? new ArtworkEvent(ArtworkEvent.HealCommitted, s.Heal.EpochHeight, state.LastRedundancy, 0, s.Heal.FirstNewIndex, 0,
                    "its amendment landed before this node stopped", s.Heal.BasedOnAmendments, now)
                : new ArtworkEvent(ArtworkEvent.HealFailed, s.Heal.EpochHeight, state.LastRedundancy, 0, s.Heal.FirstNewIndex, 0,
                    "its amendment is not on the ticket; the artwork is measured afresh", s.Heal.BasedOnAmendments, now),
        ],
        HealStartFact { Heal: var h } =>
            [new ArtworkEvent(ArtworkEvent.HealStarted, h.EpochHeight, state.LastRedundancy, 0, h.FirstNewIndex, h.Blocks, null, h.BasedOnAmendments, now)],
        CheckFinishedFact { Summary: var r } => Finished(state, r, now),
        _ => throw new ArgumentOutOfRangeException(nameof(fact), fact, "not an artwork fact"),
    };

    private static IReadOnlyList<ArtworkEvent> Finished(ArtworkState state, CheckSummary r, DateTimeOffset now)
    {
        var measured = new ArtworkEvent(ArtworkEvent.Measured, r.EpochHeight, r.RedundancyBefore, r.BlocksAvailableBefore, 0, 0, null, At: now);
        // A heal still in flight now is this check's own (an older one was settled when the check began).
        if (state.HealInFlight is not { } started) return [measured];
        var settled = r.BlocksAdded > 0
            ? new ArtworkEvent(ArtworkEvent.HealCommitted, r.EpochHeight, r.RedundancyAfter, r.BlocksAvailableAfter, started.FirstNewIndex, r.BlocksAdded, null, started.BasedOnAmendments, now)
            : new ArtworkEvent(ArtworkEvent.HealFailed, r.EpochHeight, r.RedundancyBefore, r.BlocksAvailableBefore, started.FirstNewIndex, 0, r.Failure, started.BasedOnAmendments, now);
        return [measured, settled];
    }

    public static ArtworkState Apply(ArtworkState state, ArtworkEvent e) => e.Kind switch
    {
        ArtworkEvent.Measured => state with { LastRedundancy = e.Redundancy, LastEpochHeight = e.EpochHeight },
        ArtworkEvent.HealStarted => state with { HealInFlight = e },
        ArtworkEvent.HealCommitted => state with { HealInFlight = null, HealsCommitted = state.HealsCommitted + 1, LastRedundancy = e.Redundancy },
        ArtworkEvent.HealFailed => state with { HealInFlight = null },
        _ => state, // a kind this version does not know changes nothing, so a newer journal still recovers
    };
}
