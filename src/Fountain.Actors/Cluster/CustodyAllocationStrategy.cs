using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Fountain.Actors.Cluster;

/// <summary>
/// Akka's side of <see cref="ShardPlacement"/>: each artwork's shard on the member the custody rule names, moved when the
/// rule names another (a new epoch, a member come or gone), at most <c>maxRebalancePerRound</c> shards at a time (the
/// coordinator asks every <c>akka.cluster.sharding.rebalance-interval</c>). It runs inside the shard coordinator, on the
/// oldest member. Only Up members count: a member that is joining is not yet Up, and one that is leaving, exiting or down
/// is on its way out (its shards move as it goes). Rebalancing waits while a member is unreachable or joining, as Akka's
/// own strategy does, since a hand-off needs every region's acknowledgement. With an <see cref="ArtworkAdmission"/>, a shard
/// for an id it does not admit is not allocated (Akka's coordinator takes no region as "not now"): a member asking the
/// coordinator for made-up ids directly, past the regions' own admission, grows no coordinator state.
/// </summary>
public sealed class CustodyAllocationStrategy(CustodyRule rule, int maxRebalancePerRound, ArtworkAdmission? admission = null) : IActorSystemDependentAllocationStrategy
{
    private Akka.Cluster.Cluster? _cluster;

    public void Start(ActorSystem system) => _cluster = Akka.Cluster.Cluster.Get(system);

    private Akka.Cluster.Cluster Cluster => _cluster ?? throw new InvalidOperationException("the allocation strategy was not started");

    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        if (admission is not null && !admission(shardId)) return Task.FromResult<IActorRef>(null!);
        var regions = RegionsByAddress(currentShardAllocations.Keys);
        var up = UpMembers(regions.Keys);
        var home = ShardPlacement.Home(shardId, AddressOf(requester), up, rule);
        // No Up member with a region (the cluster's view lags a region's registration for a moment): the requester, which
        // asked because it runs the region; rebalancing corrects it when the view catches up.
        return Task.FromResult(home is not null && regions.TryGetValue(home, out var region) ? region : requester);
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress)
    {
        var state = Cluster.State;
        if (!state.Unreachable.IsEmpty || state.Members.Any(m => m.Status is Akka.Cluster.MemberStatus.Joining or Akka.Cluster.MemberStatus.WeaklyUp))
            return Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
        var byMember = currentShardAllocations.ToDictionary(p => AddressOf(p.Key), p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal);
        var moves = ShardPlacement.ToRebalance(byMember, UpMembers(byMember.Keys), rebalanceInProgress.ToHashSet(StringComparer.Ordinal), maxRebalancePerRound, rule);
        return Task.FromResult<IImmutableSet<string>>(moves.ToImmutableHashSet(StringComparer.Ordinal));
    }

    /// <summary>A region's member address; the local region's path has no host or port, so it is this member's.</summary>
    private string AddressOf(IActorRef region) => (region.Path.Address.HasGlobalScope ? region.Path.Address : Cluster.SelfAddress).ToString();

    private Dictionary<string, IActorRef> RegionsByAddress(IEnumerable<IActorRef> regions) => regions.ToDictionary(AddressOf, r => r, StringComparer.Ordinal);

    private List<string> UpMembers(IEnumerable<string> withRegions)
    {
        var up = Cluster.State.Members.Where(m => m.Status == Akka.Cluster.MemberStatus.Up).Select(m => m.Address.ToString()).ToHashSet(StringComparer.Ordinal);
        return withRegions.Where(up.Contains).ToList();
    }
}
