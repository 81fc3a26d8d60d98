using Fountain.Chain.Identity;

namespace Fountain.Node.Client;

/// <summary>
/// How this node talks to other masternodes: every request signed with its key, on its one HTTP/2
/// <see cref="HttpClient"/> (connections pooled across store sessions, checks and challenges), each bounded by
/// <c>request-timeout</c> and every block read by <c>max-block-bytes</c>. The composition root makes one per node.
/// </summary>
internal sealed class PeerClients(HttpClient http, NodeKey key, TimeProvider clock, NodeClientOptions options)
{
    public HttpClient Http => http;

    /// <summary>This node's key: it signs every request, and its id is this node's.</summary>
    public NodeKey Key => key;

    public TimeProvider Clock => clock;

    public TimeSpan RequestTimeout => options.RequestTimeout;

    /// <summary>A client of the node at <paramref name="endpoint"/>; cheap, it holds no connection of its own.</summary>
    public NodeClient To(Uri endpoint) => new(http, endpoint, key, clock, options);

    /// <summary>A client of a registered endpoint, or null when the chain lists no absolute URL for it.</summary>
    public NodeClient? To(string endpoint) => Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? To(uri) : null;
}
