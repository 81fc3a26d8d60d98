namespace Fountain.Actors.Cluster;

/// <summary>
/// The seed nodes every masternode derives from the same roster (pure), so that no operator has to publish or agree on a
/// list: the masternodes the chain does not flag offline first (an offline node is a poor seed), oldest registration
/// first, node id breaking ties; the offline ones follow in the same order. Akka lets only the first seed form a new
/// cluster by joining itself (after seed-node-timeout without an answer from the others); any member among the seeds
/// admits a node into a running cluster. The first seed must therefore be the same for every node while the roster grows:
/// registrations only ever come after the ones listed, so the oldest stays first. (A rendezvous ranking, used before,
/// reshuffled with every registration, and two nodes that each ranked themselves first with rosters a height apart
/// formed two clusters that never merged: 2 of 11 demo starts with one-second heights.) A cluster started from nothing
/// waits for its first seed, until the chain flags it offline; a restarted first seed rejoins the others.
/// </summary>
public static class SeedNodes
{
    public static IReadOnlyList<string> Of(MasternodeRoster roster, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return roster.Entries
            .OrderBy(e => e.Offline)
            .ThenBy(e => e.RegisteredAtHeight)
            .ThenBy(e => e.NodeId, StringComparer.Ordinal)
            .Take(count)
            .Select(e => e.Address)
            .ToList();
    }
}
