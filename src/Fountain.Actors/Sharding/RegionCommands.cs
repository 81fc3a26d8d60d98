namespace Fountain.Actors.Sharding;

/// <summary>The region actor's protocol.</summary>
internal abstract class RegionCommand<T>;

internal sealed class DeliverEnvelope<T>(ShardEnvelope<T> envelope) : RegionCommand<T>
{
    public ShardEnvelope<T> Envelope { get; } = envelope;
}

internal sealed class PassivateEntity<T>(string key, ActorRef entity) : RegionCommand<T>
{
    public string Key { get; } = key;
    public ActorRef Entity { get; } = entity;
}

internal sealed class UpdateMembers<T>(IReadOnlyList<string> members) : RegionCommand<T>
{
    public IReadOnlyList<string> Members { get; } = members;
}

internal sealed class GetRegionStatistics<T>(ActorRef<ShardRegionStatistics> replyTo) : RegionCommand<T>
{
    public ActorRef<ShardRegionStatistics> ReplyTo { get; } = replyTo;
}

internal sealed class CheckIdleEntities<T> : RegionCommand<T>
{
    public static readonly CheckIdleEntities<T> Instance = new();
}
