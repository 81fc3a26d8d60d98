using Fountain.Node.Cluster;

// The cluster's part of the node's settings, in a file of its own so that the cluster's wiring touches NodeSettings.cs in one line (Read).
namespace Fountain.Node.Configuration;

public sealed partial record NodeSettings
{
    /// <summary>The masternodes' Akka cluster (fountain.node.cluster).</summary>
    public NodeClusterSettings Cluster { get; init; } = new();
}
