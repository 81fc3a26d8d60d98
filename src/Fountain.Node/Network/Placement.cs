using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Codec.Hashing;

namespace Fountain.Node.Network;

/// <summary>
/// Which masternodes hold a block: <c>Rendezvous.Select("place", block id bytes, no seed, eligible ids, r)</c>,
/// where eligible means registered and not under penalty (DESIGN.md, "Identities, selection, epochs"; issue 4,
/// item 3). Every node and client computes the same holders from the same masternode list, so there is no
/// coordinator; a holder checks that it is one before it accepts a block.
/// </summary>
public static class Placement
{
    /// <summary>
    /// The ids of the masternodes that may be given new work at <paramref name="height"/>, sorted: the chain's own
    /// rule (<see cref="Masternode.IsEligibleAt"/>: registered by then, not penalised, not disqualified), so that the
    /// chain, the nodes and the clients agree on every placement.
    /// </summary>
    public static IReadOnlyList<string> EligibleIds(IEnumerable<Masternode> masternodes, long height) =>
        masternodes.Where(m => m.IsEligibleAt(height)).Select(m => m.Id).Order(StringComparer.Ordinal).ToList();

    /// <summary>The <paramref name="holdersPerBlock"/> holders of a block, best first.</summary>
    public static IReadOnlyList<string> HoldersOf(Hash256 blockId, IEnumerable<string> eligibleIds, int holdersPerBlock)
    {
        Span<byte> key = stackalloc byte[Hash256.Size];
        blockId.CopyTo(key);
        return Rendezvous.Select(Rendezvous.Place, key, [], eligibleIds, holdersPerBlock);
    }
}
