namespace Fountain.Actors.Artworks;

/// <summary>What an artwork actor keeps of a finished check: the measurement before and after, and the heal's outcome.</summary>
public sealed record CheckSummary(long EpochHeight, double RedundancyBefore, int BlocksAvailableBefore, double RedundancyAfter, int BlocksAvailableAfter,
    int BlocksAdded, string? Failure);

/// <summary>The report of one check, as the node's check makes it; the actor reads its <see cref="Summary"/> and hands the report to whoever asked.</summary>
public interface IArtworkCheckReport
{
    CheckSummary Summary { get; }
}

/// <summary>A heal of this check is about to place blocks: it is journaled (heal-started) before the check goes on.</summary>
public sealed record HealStarting(long EpochHeight, uint FirstNewIndex, int Blocks, int BasedOnAmendments);

/// <summary>
/// The port through which an <see cref="ArtworkActor"/> runs one epoch's check of its artwork (survey, heal if below
/// target, holder maintenance): all of it I/O, implemented by the node over HTTP and the chain, in memory in tests.
/// The actor owns the state and the journal; the check tells it, through the two callbacks, what must be journaled.
/// </summary>
public interface IArtworkCheck
{
    /// <param name="epochHeight">The epoch the check is for: the one this node was found to be the artwork's custodian primary at (<see cref="CheckArtwork.EpochHeight"/>).</param>
    /// <param name="inFlight">A heal this node's journal says it started and never settled (it stopped mid-heal).</param>
    /// <param name="inFlightSettled">Told, before anything else happens, whether that heal's amendment is on the ticket.</param>
    /// <param name="healStarting">Awaited when this check starts a heal, before its first block is placed: it completes once the start is journaled.</param>
    Task<IArtworkCheckReport> RunAsync(string artworkId, long epochHeight, ArtworkEvent? inFlight, Action<bool> inFlightSettled, Func<HealStarting, Task> healStarting,
        CancellationToken cancellation);
}

/// <summary>
/// Thrown by a check when the chain has no ticket for the artwork: the id names no artwork (a member may ask for made-up
/// ids). The artwork's actor answers its askers with it and stops at once rather than staying for its idle window.
/// </summary>
public sealed class ArtworkNotRegisteredException(string artworkId) : InvalidOperationException($"artwork {artworkId} is not registered")
{
    public string ArtworkId { get; } = artworkId;
}
