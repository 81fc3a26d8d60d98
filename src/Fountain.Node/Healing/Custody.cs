using Fountain.Chain.Selection;
using Fountain.Codec.Hashing;

namespace Fountain.Node.Healing;

/// <summary>Who looks after an artwork during an epoch: the primary hosts its actor and heals, the verifiers confirm.</summary>
public sealed record CustodyAssignment(string Primary, IReadOnlyList<string> Verifiers);

/// <summary>
/// Custody selection (DESIGN.md, "Identities, selection, epochs"): rendezvous with purpose "custody", the artwork id
/// as key and the epoch seed (the hash of the epoch's first height) as seed, over the eligible masternodes. The
/// first is the primary, the next two are verifiers, as the seed's registration uses one node checked by two others.
/// </summary>
public static class Custody
{
    public const int Verifiers = 2;

    public static CustodyAssignment? For(Hash256 artworkId, ReadOnlySpan<byte> epochSeed, IEnumerable<string> eligibleNodeIds)
    {
        var chosen = Rendezvous.Select(Rendezvous.Custody, artworkId.ToArray(), epochSeed, eligibleNodeIds, 1 + Verifiers);
        return chosen.Count == 0 ? null : new CustodyAssignment(chosen[0], chosen.Skip(1).ToList());
    }
}
