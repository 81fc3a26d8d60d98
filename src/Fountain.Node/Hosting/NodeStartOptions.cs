using Fountain.Node.Challenges;
using Fountain.Node.Network;
using Fountain.Node.Peers;
using Fountain.Node.Storage;

namespace Fountain.Node.Hosting;

/// <summary>
/// What a node is started with besides its settings: ports that tests fill in to run nodes that misbehave, never
/// configuration (a real masternode has no setting that makes it cheat). Each one left null is the honest default.
/// </summary>
internal sealed record NodeStartOptions
{
    /// <summary>Makes the node's challenge answerer from the node's parts; null: <see cref="StoredBlockAnswerer"/>, which answers from the store.</summary>
    public Func<ChallengeAnswererPorts, IChallengeAnswerer>? ChallengeAnswerer { get; init; }

    /// <summary>
    /// In the cluster: makes the shard allocation strategy from the chain's custody rule (a hostile coordinator in
    /// attack tests); null: the custody rule's own (<see cref="Fountain.Actors.Cluster.CustodyAllocationStrategy"/>).
    /// </summary>
    public Func<Fountain.Actors.Cluster.CustodyRule, Akka.Cluster.Sharding.IShardAllocationStrategy>? ShardAllocation { get; init; }
}

/// <summary>What a node gives the challenge answerer a test puts in its place: its id, block store, view of the chain, peers and clock.</summary>
internal sealed record ChallengeAnswererPorts(string NodeId, BlockStore Store, ChainView Chain, IPeers Peers, TimeProvider Clock);
