namespace Fountain.Actors.Sharding;

/// <summary>Everything a shard region needs to start.</summary>
public sealed record ShardRegionOptions<T>
{
    /// <summary>The kind of entity (e.g. <c>artwork</c>); regions of one type on different nodes talk to each other.</summary>
    public required string TypeName { get; init; }

    /// <summary>This node's member id, as it appears in <see cref="Members"/>.</summary>
    public required string NodeId { get; init; }

    /// <summary>The current members (later the chain's masternode list).</summary>
    public required IReadOnlyList<string> Members { get; init; }

    /// <summary>Creates an entity for a key; called again whenever the entity is re-created.</summary>
    public required Func<EntityContext, Actor<T>> EntityFactory { get; init; }

    /// <summary>Reaches other nodes' regions; without one, keys owned elsewhere are dead-lettered.</summary>
    public IShardTransport<T>? Transport { get; init; }

    public IPlacement Placement { get; init; } = RendezvousPlacement.Instance;

    public ShardingSettings Settings { get; init; } = new();

    /// <summary>Required when <see cref="ShardingSettings.RememberEntities"/> is on.</summary>
    public IRememberEntitiesStore? RememberStore { get; init; }
}
