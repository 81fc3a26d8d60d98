using System.Collections.Concurrent;
using Fountain.Chain.Model;
using Fountain.Node.Client;

namespace Fountain.Node.Healing;

/// <summary>Signed clients of the other masternodes for one check, one per registered endpoint, on the node's shared HttpClient.</summary>
internal sealed class HealingPeers(PeerClients clients)
{
    private readonly ConcurrentDictionary<string, NodeClient?> _clients = new(StringComparer.Ordinal);

    /// <summary>How this node reaches other nodes, for requests that are not block transfers (a verifier's signature).</summary>
    public PeerClients Clients => clients;

    public NodeClient? ClientOf(Masternode masternode) => _clients.GetOrAdd(masternode.Endpoint, clients.To);
}
