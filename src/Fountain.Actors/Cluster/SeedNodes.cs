using Fountain.Chain.Selection;

namespace Fountain.Actors.Cluster;

/// <summary>
/// The seed nodes every masternode derives from the same roster (pure), so that no operator has to publish or agree on a
/// list. The masternodes the chain finds eligible come first (a node flagged offline is a poor seed), ranked by the one
/// rendezvous function with a purpose of its own and no epoch seed, so the order is stable while the roster is; the
/// others follow in the same ranking. Akka lets only the first seed form a new cluster by joining itself (after
/// seed-node-timeout without an answer from the others); any member among the seeds admits a node into a running
/// cluster. So a cluster started from nothing waits for its first seed, and a restarted first seed rejoins the others.
/// </summary>
public static class SeedNodes
{
    /// <summary>The rendezvous purpose of seed selection; never a purpose the chain checks.</summary>
    public const string Purpose = "cluster-seed";

    public static IReadOnlyList<string> Of(MasternodeRoster roster, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var byId = roster.Entries.ToDictionary(e => e.NodeId, StringComparer.Ordinal);
        IEnumerable<string> Ranked(bool eligible) =>
            Rendezvous.Select(Purpose, [], [], roster.Entries.Where(e => e.MayHoldCustody == eligible).Select(e => e.NodeId), roster.Entries.Count);
        return Ranked(true).Concat(Ranked(false)).Take(count).Select(id => byId[id].Address).ToList();
    }
}
