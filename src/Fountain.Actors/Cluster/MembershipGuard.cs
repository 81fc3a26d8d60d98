namespace Fountain.Actors.Cluster;

/// <summary>A cluster member as the guard sees it.</summary>
/// <param name="Departing">Already on its way out (leaving, exiting, down or removed): nothing to do.</param>
/// <param name="WasListed">An earlier roster listed it while it was a member: if the chain drops it now, its registration lapsed.</param>
/// <param name="UnlistedSince">When a roster read first found it unlisted (null if it is listed).</param>
public sealed record ObservedMember(string Address, bool Departing, bool WasListed = false, DateTimeOffset? UnlistedSince = null);

/// <summary>What the guard does: down <see cref="ToDown"/>, leave if <see cref="SelfMustLeave"/>; <see cref="Awaiting"/> lapsed members are given time to leave by themselves.</summary>
public sealed record GuardDecision(IReadOnlyList<string> ToDown, bool SelfMustLeave, IReadOnlyList<string> Awaiting)
{
    public static readonly GuardDecision Nothing = new([], false, []);
}

/// <summary>
/// Who may stay in the cluster (pure; no Akka): the masternodes the chain lists (<see cref="MasternodeRoster"/>), and no
/// one else. Akka admits any system that can reach a seed and has the cluster's name; masternodes are run by different
/// operators, so the cluster is not trusted to keep itself clean, and every member's guard removes whoever the chain does
/// not list.
/// <list type="bullet">
/// <item>A stranger (never listed while a member) is downed at once.</item>
/// <item>A member whose registration lapsed (listed before, not now) leaves by itself, gracefully, with its shards handed
/// off, since its own guard reads the same chain: the others wait <c>lapseGrace</c> for that, then down it (an old or
/// misbehaving node that stays). Downing it at once would race its own leave and cut its hand-off short.</item>
/// <item>This node, if the chain no longer lists it, leaves and downs nobody: a node the chain does not list has no say
/// over others, which also keeps a node with a broken view of the chain from downing the whole cluster.</item>
/// </list>
/// </summary>
public static class MembershipGuard
{
    public static GuardDecision Decide(string self, IEnumerable<ObservedMember> members, MasternodeRoster roster, DateTimeOffset now, TimeSpan lapseGrace)
    {
        if (!roster.Contains(self)) return new GuardDecision([], SelfMustLeave: true, []);
        var selfCanonical = ClusterAddresses.Canonical(self);
        var unlisted = members
            .Where(m => !m.Departing && !roster.Contains(m.Address) && ClusterAddresses.Canonical(m.Address) != selfCanonical)
            .DistinctBy(m => m.Address, StringComparer.Ordinal)
            .OrderBy(m => m.Address, StringComparer.Ordinal)
            .ToList();
        bool Overdue(ObservedMember m) => !m.WasListed || now - (m.UnlistedSince ?? now) >= lapseGrace;
        return new GuardDecision(unlisted.Where(Overdue).Select(m => m.Address).ToList(), SelfMustLeave: false,
            unlisted.Where(m => !Overdue(m)).Select(m => m.Address).ToList());
    }
}
