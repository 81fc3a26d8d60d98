using System.Text;
using Fountain.Chain.Selection;

namespace Fountain.Actors.Cluster;

/// <summary>
/// The custody rule as the shard allocation asks it (pure): of <paramref name="upMembers"/> (cluster addresses of the Up
/// members that run the artwork region), the one that should host the artwork's actor; null when none may.
/// </summary>
public delegate string? CustodyRule(string artworkId, IReadOnlyCollection<string> upMembers);

/// <summary>
/// The chain's custody rule over the latest roster: the artwork's custodian primary (<see cref="Custody.Custodians"/>:
/// <see cref="Rendezvous.Select"/> with purpose custody, the artwork id as key and the epoch's hash as seed, among the
/// masternodes eligible at the epoch), restricted to the Up members. Rendezvous ranks every node independently, so the
/// best of a subset is the first of the full ranking that is in the subset: when the chain's primary is Up, this is the
/// chain's primary; when it is not, it is the next-ranked eligible Up member. Members the roster does not list, or lists
/// without custody, are never chosen. The roster is replaced as a whole (the guard hands over each one it reads), so a
/// rule is always judged on one epoch and one membership.
/// </summary>
public sealed class RosterCustodyRule
{
    private MasternodeRoster? _roster;

    public MasternodeRoster? Roster => Volatile.Read(ref _roster);

    public void Update(MasternodeRoster roster) => Volatile.Write(ref _roster, roster);

    public string? Preferred(string artworkId, IReadOnlyCollection<string> upMembers)
    {
        var roster = Roster;
        if (roster is null) return null;
        // Each candidate keeps the member's own spelling of its address, so the answer is one of upMembers exactly.
        var candidates = upMembers.Select(m => (Member: m, Entry: roster.At(m))).Where(c => c.Entry is { MayHoldCustody: true }).ToList();
        if (candidates.Count == 0) return null;
        var chosen = Rendezvous.Select(Rendezvous.Custody, KeyOf(artworkId), Convert.FromHexString(roster.Epoch.Hash), candidates.Select(c => c.Entry!.NodeId), 1);
        return candidates.First(c => c.Entry!.NodeId == chosen[0]).Member;
    }

    /// <summary>The rule as the allocation strategy takes it.</summary>
    public CustodyRule AsRule() => Preferred;

    /// <summary>
    /// An artwork id is the hex SHA3-256 of its archive, and the chain hashes its bytes; an id that is not hex (only tests
    /// make such) is hashed as its UTF-8 text, so that it still has one stable home.
    /// </summary>
    private static byte[] KeyOf(string artworkId)
    {
        try
        {
            return artworkId.Length % 2 == 0 ? Convert.FromHexString(artworkId) : Encoding.UTF8.GetBytes(artworkId);
        }
        catch (FormatException)
        {
            return Encoding.UTF8.GetBytes(artworkId);
        }
    }
}

/// <summary>
/// Whether an artwork id may have a shard and an actor (pure, quick, called on the region's and the coordinator's turn):
/// the host answers from what it knows of the chain's tickets. An id refused here is dropped by the region and never
/// allocated by the coordinator.
/// </summary>
public delegate bool ArtworkAdmission(string artworkId);
