using System.Collections.Concurrent;
using Fountain.Chain.Model;
using Fountain.Node.Client;
using Fountain.Node.Hosting;

namespace Fountain.Node.Healing;

/// <summary>Signed clients of the other masternodes for one check, one per registered endpoint, on the node's shared HttpClient.</summary>
internal sealed class HealingPeers(NodeServices node)
{
    private readonly ConcurrentDictionary<string, NodeClient?> _clients = new(StringComparer.Ordinal);

    public NodeClient? ClientOf(Masternode masternode) =>
        _clients.GetOrAdd(masternode.Endpoint, endpoint => Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            ? new NodeClient(node.Http, uri, node.Key, node.Clock, new NodeClientOptions { RequestTimeout = node.Settings.RequestTimeout, MaxBlockBytes = node.Settings.MaxBlockRequestBytes })
            : null);
}
