namespace Fountain.Actors.Artworks;

/// <summary>
/// One event of an artwork actor's journal: the journal's contract, written as JSON by <see cref="ArtworkJournalSerializer"/>
/// (manifest <c>artwork-event.v1</c>), never as CLR type names, so renaming a type cannot break old journals.
/// <paramref name="BasedOnAmendments"/> (heal-started) is the ticket's amendment count the heal was planned from;
/// journals written before it existed read as -1, unknown. <paramref name="At"/> is when the actor decided it (its
/// scheduler's time); absent in older journals.
/// </summary>
public sealed record ArtworkEvent(string Kind, long EpochHeight, double Redundancy, int BlocksAvailable, uint FirstNewIndex, int BlocksAdded, string? Detail,
    int BasedOnAmendments = -1, DateTimeOffset? At = null)
{
    public const string Measured = "measured";
    public const string HealStarted = "heal-started";
    public const string HealCommitted = "heal-committed";
    public const string HealFailed = "heal-failed";
}

/// <summary>
/// An artwork actor's state, as its journal rebuilds it (and as its snapshots hold it, manifest <c>artwork-state.v1</c>):
/// the last measurement, the heal this node started and has not settled yet, and how many heals it committed.
/// </summary>
public sealed record ArtworkState(double LastRedundancy, long LastEpochHeight, ArtworkEvent? HealInFlight, int HealsCommitted)
{
    public static readonly ArtworkState Initial = new(0, -1, null, 0);
}
