namespace Fountain.Actors.Sharding;

/// <summary>
/// One node's region for one entity type: the entry point for messages to sharded entities. A message for a
/// key goes to the key's owner (placement over the current members): here it activates the entity on
/// demand; elsewhere it is forwarded through the transport. The region is an actor, so membership changes,
/// activations and passivations are serialized with the messages.
/// </summary>
public sealed class ShardRegion<T>
{
    private readonly ActorRef<RegionCommand<T>> _region;

    private ShardRegion(ActorSystem system, ShardRegionOptions<T> options)
    {
        TypeName = options.TypeName;
        NodeId = options.NodeId;
        System = system;
        _region = system.ActorOf(
            Props<RegionCommand<T>>.Create(() => new ShardRegionActor<T>(options)) with { Mailbox = options.Settings.RegionMailbox },
            Uri.EscapeDataString($"sharding-{options.TypeName}-{options.NodeId}"));
    }

    public static ShardRegion<T> Start(ActorSystem system, ShardRegionOptions<T> options)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.TypeName);
        ArgumentException.ThrowIfNullOrEmpty(options.NodeId);
        ArgumentNullException.ThrowIfNull(options.Members);
        ArgumentNullException.ThrowIfNull(options.EntityFactory);
        options.Settings.Validate();
        if (options.Settings.RememberEntities && options.RememberStore is null)
            throw new ArgumentException("remember-entities needs a RememberStore", nameof(options));
        return new ShardRegion<T>(system, options);
    }

    public string TypeName { get; }
    public string NodeId { get; }
    public ActorSystem System { get; }

    /// <summary>The region actor (stop it to stop the region and all its entities).</summary>
    public ActorRef Ref => _region;

    /// <summary>Sends to the entity for <paramref name="key"/>; false when the region's mailbox is full.</summary>
    public bool Tell(string key, T message)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _region.Tell(new DeliverEnvelope<T>(new ShardEnvelope<T>(key, message, 0)));
    }

    /// <summary>Sends to the entity for <paramref name="key"/>, waiting for room in the region's mailbox.</summary>
    public ValueTask<bool> TellAsync(string key, T message, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _region.TellAsync(new DeliverEnvelope<T>(new ShardEnvelope<T>(key, message, 0)), cancellationToken);
    }

    /// <summary>An envelope from another node's region (what a transport calls).</summary>
    public bool Receive(ShardEnvelope<T> envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        return _region.Tell(new DeliverEnvelope<T>(envelope));
    }

    /// <summary>A new member list: entities this node no longer owns are handed off (stopped here, re-created at their owner).</summary>
    public ValueTask<bool> UpdateMembersAsync(IReadOnlyList<string> members, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(members);
        return _region.TellAsync(new UpdateMembers<T>(members.ToArray()), cancellationToken);
    }

    public Task<ShardRegionStatistics> GetStatisticsAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _region.Ask<RegionCommand<T>, ShardRegionStatistics>(r => new GetRegionStatistics<T>(r), timeout, cancellationToken);
}
