namespace Fountain.Actors.Sharding;

/// <summary>What one region (one node) holds and has done.</summary>
public sealed record ShardRegionStatistics(
    string TypeName,
    string NodeId,
    int Members,
    int LiveEntities,
    long Activations,
    long Passivations,
    long HandOffs,
    long Forwarded,
    int BufferedMessages,
    long DeadLettered);

/// <summary>Statistics across regions: how many regions, and how many live entities each node holds.</summary>
public sealed record ShardingStatistics(int Regions, IReadOnlyDictionary<string, int> EntitiesPerNode)
{
    public int TotalEntities => EntitiesPerNode.Values.Sum();

    public static ShardingStatistics From(IEnumerable<ShardRegionStatistics> regions)
    {
        var list = regions.ToList();
        return new ShardingStatistics(list.Count, list.ToDictionary(r => r.NodeId, r => r.LiveEntities, StringComparer.Ordinal));
    }
}
