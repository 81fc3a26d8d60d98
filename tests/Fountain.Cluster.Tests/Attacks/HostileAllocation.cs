using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;

namespace Fountain.Cluster.Tests.Attacks;

/// <summary>What a hostile shard coordinator does with the allocations it is asked for.</summary>
public enum Misallocation
{
    /// <summary>Places every shard on its own member, whoever the custodian is.</summary>
    OnItself,
    /// <summary>Never answers: the shard gets no home, and the messages for it wait in the regions' buffers.</summary>
    Dropped,
}

/// <summary>
/// The allocation strategy of a hostile coordinator (the oldest member runs the coordinator, so whichever member is
/// oldest uses this when every member is built with it). It never rebalances.
/// </summary>
internal sealed class HostileAllocation(Misallocation how) : IShardAllocationStrategy
{
    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        if (how == Misallocation.Dropped) return new TaskCompletionSource<IActorRef>().Task;
        // The coordinator's own member's region is the one with a local path (no host, no port).
        var own = currentShardAllocations.Keys.FirstOrDefault(r => r.Path.Address.HasLocalScope) ?? requester;
        return Task.FromResult(own);
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress) =>
        Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
}
