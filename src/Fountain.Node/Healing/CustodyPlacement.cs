using Fountain.Chain.Model;
using Fountain.Chain.Selection;

namespace Fountain.Node.Healing;

/// <summary>
/// Where an artwork's actor lives: on its custodian primary of the current epoch, the chain's own custody selection
/// (<see cref="Custody.Custodians"/>), so the node that hosts the actor is the only one whose amendment the chain accepts
/// for that epoch. The healing service sets the epoch, then hands off the artworks whose primary moved.
/// </summary>
internal sealed class CustodyPlacement
{
    private sealed record Epoch(ChainHead Head, IReadOnlyList<Masternode> Masternodes);

    private Epoch? _epoch;

    public ChainHead? Head => Volatile.Read(ref _epoch)?.Head;

    public void SetEpoch(ChainHead head, IReadOnlyList<Masternode> masternodes) => Volatile.Write(ref _epoch, new Epoch(head, masternodes));

    /// <summary>The artwork's custodian primary at the epoch set last; null before the first epoch or without masternodes.</summary>
    public string? PrimaryOf(string artworkId) => Volatile.Read(ref _epoch) is { } epoch ? PrimaryAt(artworkId, epoch) : null;

    /// <summary>
    /// The epoch set last if <paramref name="nodeId"/> is the artwork's custodian primary at it, else null: one read of the
    /// epoch, so the check that follows is for the very epoch the decision was made at, even if another is set meanwhile.
    /// </summary>
    public ChainHead? EpochWherePrimary(string artworkId, string nodeId) =>
        Volatile.Read(ref _epoch) is { } epoch && PrimaryAt(artworkId, epoch) == nodeId ? epoch.Head : null;

    private static string? PrimaryAt(string artworkId, Epoch epoch)
    {
        var custodians = Custody.Custodians(artworkId, epoch.Head, epoch.Masternodes, verifiers: 0);
        return custodians.Count > 0 ? custodians[0] : null;
    }
}
