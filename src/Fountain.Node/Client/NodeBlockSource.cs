using System.Collections.Concurrent;
using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Codec.Hashing;
using Fountain.Node.Retrieval;

namespace Fountain.Node.Client;

/// <summary>
/// Retrieval's <see cref="IBlockSource"/> over the network: a signed GET /blocks/{id} to the holder's registered
/// endpoint, one <see cref="NodeClient"/> per endpoint, all on one shared <see cref="HttpClient"/>. The signer is
/// the artwork's owner (or a masternode); holders answer 403 to anyone else.
/// </summary>
public sealed class NodeBlockSource(HttpClient http, NodeKey signer, NodeClientOptions? options = null, TimeProvider? clock = null) : IBlockSource
{
    private readonly ConcurrentDictionary<string, NodeClient> _clients = new(StringComparer.Ordinal);

    public Task<byte[]?> FetchAsync(Masternode holder, Hash256 blockId, CancellationToken cancellation)
    {
        var client = _clients.GetOrAdd(holder.Endpoint, endpoint => new NodeClient(http, new Uri(endpoint), signer, clock, options));
        return client.GetBlockAsync(blockId, cancellation);
    }
}
