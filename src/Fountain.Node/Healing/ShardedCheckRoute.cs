using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Fountain.Node.Healing;

/// <summary>
/// Where a masternode in the cluster sends its checks: the sharded artwork region (the coordinator places each artwork's
/// actor on its custodian), and a local <see cref="ArtworkRegion"/> of its own, whose actors journal under another
/// persistence id prefix, for the checks the sharded region does not take here (<see cref="ShardedCheckFallback"/>) and
/// for all of them once the node is out of the cluster (downed, by the resolver or by a hostile member: Akka has no
/// authorisation on membership). A downed node keeps its actor system (run-coordinated-shutdown-when-down is off for
/// masternodes), so its block holder, its reports and these local checks go on until it restarts.
/// </summary>
/// <param name="sharded">The sharded artwork region.</param>
/// <param name="local">The node's local artwork region for checks the sharded one did not take.</param>
/// <param name="removed">Whether this node's cluster membership has ended (its cluster extension is terminated).</param>
/// <param name="epochChanged">Has the guard read the new epoch's roster, so the coordinator moves shards to their new custodians.</param>
internal sealed class ShardedCheckRoute(IActorRef sharded, IActorRef local, Func<bool> removed, Action epochChanged)
{
    public IActorRef Sharded => sharded;

    public IActorRef Local => local;

    /// <summary>Out of the cluster for good (this actor system cannot join again): every check runs locally.</summary>
    public bool Removed => removed();

    public void EpochChanged() => epochChanged();

    /// <summary>The artworks whose shard this node's region hosts; empty when the region does not answer within <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlySet<string>> HostedHereAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        try
        {
            var state = await sharded.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, timeout, cancellation).ConfigureAwait(false);
            // Shard id = artwork id (ArtworkMessageExtractor): a shard hosted here is the artwork's actor here.
            return state.Shards.Select(s => s.ShardId).ToHashSet(StringComparer.Ordinal);
        }
        catch (Exception e) when (e is AskTimeoutException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }
    }
}
