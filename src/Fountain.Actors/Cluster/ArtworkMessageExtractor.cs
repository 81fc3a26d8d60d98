using Akka.Cluster.Sharding;
using Fountain.Actors.Artworks;

namespace Fountain.Actors.Cluster;

/// <summary>
/// How the sharded region routes artwork messages: entity id = shard id = artwork id (one artwork per shard, so that each
/// shard can be placed on its own artwork's custodian; see <see cref="ShardPlacement"/>). Every
/// <see cref="IArtworkCommand"/> carries its artwork id. Akka's own messages (<c>ShardRegion.StartEntity</c> for
/// remember-entities, <c>ShardingEnvelope</c>) are unwrapped by the region itself, which asks
/// <see cref="ShardId(string, object?)"/> for their shard (analyzer rule AK2001: an extractor must not handle them).
/// With an <see cref="ArtworkAdmission"/>, a message for an id it does not admit has no entity: the region drops it before
/// it asks the coordinator for a shard, so a member flooding this region with made-up ids makes no shard, no actor and
/// writes nothing.
/// </summary>
public sealed class ArtworkMessageExtractor(ArtworkAdmission? admission = null) : IMessageExtractor
{
    public string? EntityId(object message) =>
        message is IArtworkCommand { ArtworkId: var id } && (admission is null || admission(id)) ? id : null;

    public object? EntityMessage(object message) => message;

    [Obsolete("Akka calls ShardId(entityId, messageHint); kept because the interface requires it.")]
    public string? ShardId(object message) => EntityId(message);

    public string ShardId(string entityId, object? messageHint = null) => entityId;
}
