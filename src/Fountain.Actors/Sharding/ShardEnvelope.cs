namespace Fountain.Actors.Sharding;

/// <summary>
/// What travels between shard regions: a message for an entity, or (when <see cref="StartOnly"/>) a request
/// to start a remembered entity that was handed off. <see cref="Hops"/> counts forwards between nodes.
/// </summary>
public sealed record ShardEnvelope<T>(string Key, T? Message, int Hops, bool StartOnly = false);

/// <summary>How a region reaches the region of another node (HTTP in the node; in memory in tests and the lab).</summary>
public interface IShardTransport<T>
{
    /// <summary>Hands an envelope to <paramref name="nodeId"/>'s region; false when that node cannot be reached.</summary>
    bool Send(string nodeId, ShardEnvelope<T> envelope);
}

/// <summary>Regions of several simulated nodes in one process.</summary>
public sealed class InMemoryShardTransport<T> : IShardTransport<T>
{
    private readonly Dictionary<string, ShardRegion<T>> _regions = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public void Register(ShardRegion<T> region)
    {
        lock (_gate) _regions[region.NodeId] = region;
    }

    public void Unregister(string nodeId)
    {
        lock (_gate) _regions.Remove(nodeId);
    }

    public bool Send(string nodeId, ShardEnvelope<T> envelope)
    {
        ShardRegion<T>? region;
        lock (_gate) _regions.TryGetValue(nodeId, out region);
        return region is not null && region.Receive(envelope);
    }
}
