namespace Fountain.Actors.Cluster;

/// <summary>A cluster member as the guard sees it: its address and whether it is already on its way out (leaving, exiting, down or removed).</summary>
public sealed record ObservedMember(string Address, bool Departing);

/// <summary>What the guard does: down these members, and leave if <see cref="SelfMustLeave"/>.</summary>
public sealed record GuardDecision(IReadOnlyList<string> ToDown, bool SelfMustLeave)
{
    public static readonly GuardDecision Nothing = new([], false);
}

/// <summary>
/// Who may stay in the cluster (pure; no Akka): the masternodes the chain lists (<see cref="MasternodeRoster"/>), and no
/// one else. Akka admits any system that can reach a seed and has the cluster's name; masternodes are run by different
/// operators, so the cluster is not trusted to keep itself clean, and every member's guard removes whoever the chain does
/// not list. A member whose own registration lapsed leaves gracefully (its shards are handed off) and downs nobody: a
/// node the chain does not list has no say over others, which also keeps a node with a broken view of the chain from
/// downing the whole cluster.
/// </summary>
public static class MembershipGuard
{
    public static GuardDecision Decide(string self, IEnumerable<ObservedMember> members, MasternodeRoster roster)
    {
        if (!roster.Contains(self)) return new GuardDecision([], SelfMustLeave: true);
        var selfCanonical = ClusterAddresses.Canonical(self);
        var strangers = members
            .Where(m => !m.Departing && !roster.Contains(m.Address) && ClusterAddresses.Canonical(m.Address) != selfCanonical)
            .Select(m => m.Address)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return new GuardDecision(strangers, SelfMustLeave: false);
    }
}
