namespace Fountain.Actors.Cluster;

/// <summary>
/// Where artwork shards go and which ones move (pure; the Akka strategy, <see cref="CustodyAllocationStrategy"/>, turns
/// regions into addresses and back). Shard id = artwork id: one artwork per shard, so each artwork can live exactly on its
/// own custodian, which a coarser shard (many artworks) could not.
/// </summary>
public static class ShardPlacement
{
    /// <summary>
    /// The member to host a new shard: the custody rule's choice among the Up members; when it has none (no roster yet, or
    /// no eligible member is Up) the requester if it is Up, else the first Up member by address, so allocation never
    /// stalls; rebalancing moves such a shard once the rule has an answer. Null only when no member is Up.
    /// </summary>
    public static string? Home(string shardId, string requester, IReadOnlyCollection<string> upMembers, CustodyRule rule)
    {
        if (upMembers.Count == 0) return null;
        if (rule(shardId, upMembers) is { } preferred && upMembers.Contains(preferred)) return preferred;
        return upMembers.Contains(requester) ? requester : upMembers.Order(StringComparer.Ordinal).First();
    }

    /// <summary>
    /// The shards to move this round: each shard on an Up member whose custody rule now names another Up member (the epoch
    /// moved, a member came), not already moving, at most <paramref name="maxPerRound"/> at a time counting those in
    /// progress, in shard-id order so that every round is reproducible. A shard the rule has no answer for stays. Shards on a
    /// member that is not Up are Akka's to move: a leaving member's region hands them off as it shuts down, a crashed one's
    /// are re-allocated when its region is known to be gone; a rebalance from such a region would only wait on an
    /// acknowledgement that never comes and hold up requests for those shards meanwhile.
    /// </summary>
    /// <param name="shardsByMember">The shards each region's member hosts (members with regions, any status).</param>
    public static IReadOnlyList<string> ToRebalance(IReadOnlyDictionary<string, IReadOnlyList<string>> shardsByMember, IReadOnlyCollection<string> upMembers,
        IReadOnlySet<string> inProgress, int maxPerRound, CustodyRule rule)
    {
        int room = maxPerRound - inProgress.Count;
        if (room <= 0 || upMembers.Count == 0) return [];
        var moves = new List<string>();
        foreach (var (member, shard) in shardsByMember.SelectMany(p => p.Value.Select(s => (p.Key, s))).OrderBy(x => x.s, StringComparer.Ordinal))
        {
            if (inProgress.Contains(shard) || !upMembers.Contains(member)) continue;
            if (rule(shard, upMembers) is not { } preferred || preferred == member || !upMembers.Contains(preferred)) continue;
            moves.Add(shard);
            if (moves.Count == room) break;
        }
        return moves;
    }
}
