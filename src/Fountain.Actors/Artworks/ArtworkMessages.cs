namespace Fountain.Actors.Artworks;

/// <summary>
/// Check the artwork now. Sent to the <see cref="ArtworkRegion"/>, which routes it to the artwork's actor; the sender
/// (if any) is answered with the <see cref="IArtworkCheckReport"/> of the check that covers this request, or a
/// <c>Status.Failure</c>.
/// </summary>
/// <param name="EpochHeight">
/// The epoch the sender found this node to be the artwork's custodian primary at. The check is judged against that
/// epoch (custody, placement, the amendment's epoch), never against a head read later: under load the head can move
/// between the decision and the check, and the primary of the later epoch may be another node.
/// </param>
public sealed record CheckArtwork(string ArtworkId, long EpochHeight) : IArtworkCommand;

/// <summary>A message for one artwork's actor: the sharded region routes it by <see cref="ArtworkId"/> (shard and entity alike).</summary>
public interface IArtworkCommand : IFountainMessage
{
    string ArtworkId { get; }
}

/// <summary>Asks an <see cref="ArtworkRegion"/> how many artwork actors it runs and how many are being passivated; answered with <see cref="ArtworkRegionState"/>.</summary>
public sealed record GetArtworkRegionState : IFountainMessage
{
    public static readonly GetArtworkRegionState Instance = new();
}

public sealed record ArtworkRegionState(int Active, int Passivating, long Started, long Passivated) : IFountainMessage;

/// <summary>
/// The node's epoch moved: stop the artwork actors this node no longer owns (their custodian primary is another node
/// now). <paramref name="Owns"/> is asked on the region's turn; it must be quick and pure.
/// </summary>
public sealed record HandOffArtworks(Func<string, bool> Owns);

/// <summary>Where an artwork actor runs: under the node's local <see cref="ArtworkRegion"/>, or as an entity of the sharded region (Cluster.ArtworkSharding).</summary>
public enum ArtworkHosting
{
    LocalRegion,
    ShardRegion,
}

/// <summary>Sent by an idle artwork actor to its local region: stop me, and hold what comes for me meanwhile (a shard gets Akka's own Passivate instead).</summary>
internal sealed record Passivate
{
    public static readonly Passivate Instance = new();
}

/// <summary>
/// The region's stop: handled as a command, so an event being persisted is written before the actor stops. A passivation
/// (<paramref name="HandOff"/> false) that finds a check running after all (a request reached the actor before the stop
/// did) is refused with <see cref="PassivationRefused"/>; a hand-off stops the actor whatever it does.
/// </summary>
internal sealed record StopArtwork(bool HandOff)
{
    public static readonly StopArtwork Passivation = new(false);
    public static readonly StopArtwork ForHandOff = new(true);
}

/// <summary>The actor is busy again: the region keeps it and hands it what it held meanwhile.</summary>
internal sealed record PassivationRefused
{
    public static readonly PassivationRefused Instance = new();
}

/// <summary>The journal has the heal's start; the check may place blocks.</summary>
internal sealed record HealStartJournaled
{
    public static readonly HealStartJournaled Instance = new();
}
