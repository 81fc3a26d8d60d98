using System.Collections.Immutable;
using Fountain.Chain.Model;

namespace Fountain.Chain.Rules;

/// <summary>
/// On-chain liveness, judged when a height is sealed (DESIGN.md, selection: "Nodes under penalty or offline are
/// skipped for new work"). A masternode is seen at a height that includes its registration or a storage report from
/// it: every node reports once per new height it sees (Fountain.Node's StorageReporter), so a live node is seen every
/// height or two. Last-seen is the sealed height's own time, and offline is judged against the time of the height being
/// sealed, never against a clock at reading time: a chain that sealed nothing for a while therefore marks nobody
/// offline for the pause itself. A height that includes no masternode at all changes no flag either: either the chain
/// was away (after a pause it seals a burst of catch-up heights nobody could report in) or the whole network is, and
/// in neither case does marking everyone offline help. Pure: the same log replays to the same flags.
/// </summary>
internal static class Liveness
{
    /// <summary>
    /// The masternodes after sealing <paramref name="height"/> at <paramref name="time"/>: last-seen set for those the
    /// height includes, the offline flag recomputed for all (never set when <paramref name="offlineAfter"/> is zero),
    /// and online-since moved to this height for a node registered or back from offline at it.
    /// Returns the same dictionary when nothing changed.
    /// </summary>
    public static ImmutableSortedDictionary<string, Masternode> AtSeal(
        ImmutableSortedDictionary<string, Masternode> masternodes, long height, DateTimeOffset time, TimeSpan offlineAfter)
    {
        if (!masternodes.Values.Any(m => SeenAt(m, height))) return masternodes;
        ImmutableSortedDictionary<string, Masternode>.Builder? changed = null;
        foreach (var (id, node) in masternodes)
        {
            var updated = node;
            if (SeenAt(node, height))
                updated = updated with { LastSeenHeight = height, LastSeenTime = time };
            if (node.RegisteredAtHeight == height) updated = updated with { OnlineSinceHeight = height };
            bool offline = offlineAfter > TimeSpan.Zero && updated.LastSeenTime is { } seen && time - seen > offlineAfter;
            if (offline != updated.Offline) updated = updated with { Offline = offline, OnlineSinceHeight = offline ? updated.OnlineSinceHeight : height };
            if (ReferenceEquals(updated, node)) continue;
            changed ??= masternodes.ToBuilder();
            changed[id] = updated;
        }
        return changed?.ToImmutable() ?? masternodes;
    }

    /// <summary>Whether the height includes the node's registration or a storage report from it.</summary>
    private static bool SeenAt(Masternode node, long height) => node.RegisteredAtHeight == height || node.Storage?.AtHeight == height;
}
