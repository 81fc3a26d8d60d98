using Fountain.Node.Cluster;

// Kept beside the cluster's settings so that the cluster's wiring touches NodeSettings in one line (Read).
namespace Fountain.Node.Hosting;

public sealed partial record NodeSettings
{
    /// <summary>The masternodes' Akka cluster (fountain.node.cluster).</summary>
    public NodeClusterSettings Cluster { get; init; } = new();
}
