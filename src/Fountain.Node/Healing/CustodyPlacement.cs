using Fountain.Actors.Sharding;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;

namespace Fountain.Node.Healing;

/// <summary>
/// Sharding's placement for artwork actors: an artwork's actor lives on its custodian primary of the current epoch,
/// the chain's own custody selection (<see cref="Custody.Custodians"/>), so the node that hosts the actor is the only
/// one whose amendment the chain accepts for that epoch. The epoch changes under the region: the healing service
/// sets it, then tells the region its members changed, which clears the owner cache and hands off what moved.
/// </summary>
internal sealed class CustodyPlacement : IPlacement
{
    private sealed record Epoch(ChainHead Head, IReadOnlyList<Masternode> Masternodes);

    private Epoch? _epoch;

    public ChainHead? Head => Volatile.Read(ref _epoch)?.Head;

    public void SetEpoch(ChainHead head, IReadOnlyList<Masternode> masternodes) => Volatile.Write(ref _epoch, new Epoch(head, masternodes));

    /// <summary>The custodian primary; the members list is the eligible masternodes the region was given, used only when no epoch is set.</summary>
    public string OwnerOf(string entityKey, IReadOnlyList<string> members)
    {
        var epoch = Volatile.Read(ref _epoch);
        if (epoch is null) return RendezvousPlacement.Instance.OwnerOf(entityKey, members);
        var custodians = Custody.Custodians(entityKey, epoch.Head, epoch.Masternodes, verifiers: 0);
        return custodians.Count > 0 ? custodians[0] : RendezvousPlacement.Instance.OwnerOf(entityKey, members);
    }
}
