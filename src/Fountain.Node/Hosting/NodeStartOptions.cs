using Fountain.Node.Challenges;
using Fountain.Node.Client;
using Fountain.Node.Network;
using Fountain.Node.Storage;

namespace Fountain.Node.Hosting;

/// <summary>
/// What a node is started with besides its settings: ports that tests fill in to run nodes that misbehave, never
/// configuration (a real masternode has no setting that makes it cheat). Each one left null is the honest default.
/// </summary>
internal sealed record NodeStartOptions
{
    /// <summary>
    /// Makes the node's challenge answerer from its block store, its view of the chain and its clients of other nodes;
    /// null: <see cref="StoredBlockAnswerer"/>, which answers from the store.
    /// </summary>
    public Func<BlockStore, ChainView, PeerClients, IChallengeAnswerer>? ChallengeAnswerer { get; init; }
}
