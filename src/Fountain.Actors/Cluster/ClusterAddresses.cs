using System.Globalization;

namespace Fountain.Actors.Cluster;

/// <summary>
/// Where a masternode's cluster endpoint is, as every node derives it from the chain (pure; no Akka). The chain registers
/// one endpoint per masternode, its HTTP(S) URL, and nothing else about it: the Akka address is derived from it, so that
/// the chain stays the one list of who may be in the cluster and a node cannot be registered at one place and clustered
/// from another. Rule: <c>akka.tcp://fountain@&lt;endpoint host&gt;:&lt;endpoint port + offset&gt;</c>, with the host
/// lower-cased (DNS names compare without case) and the offset <see cref="DefaultPortOffset"/> unless the network chose
/// another. The node must bind its Akka remoting to exactly that host name and port (public-hostname = the endpoint's
/// host), or its peers will not recognise it and its guard will see it as a stranger.
/// </summary>
public static class ClusterAddresses
{
    /// <summary>Every masternode's actor system has this name: Akka forms a cluster only of systems with the same name.</summary>
    public const string SystemName = "fountain";

    /// <summary>The Akka.Remote transport's scheme (DotNetty TCP).</summary>
    public const string Protocol = "akka.tcp";

    /// <summary>The scheme of DotNetty TCP with TLS (<c>enable-ssl = on</c>): every member of a network must use the same one.</summary>
    public const string TlsProtocol = "akka.ssl.tcp";

    /// <summary>
    /// The Akka port is the HTTP port plus this. Not 1: the development cluster gives node n the HTTP port 7100 + n, so
    /// consecutive ports are taken; 1000 leaves room for 1000 nodes per host (7101 → 8101) and stays clear of the chain's 7000.
    /// </summary>
    public const int DefaultPortOffset = 1000;

    /// <summary>The cluster address of a masternode registered at <paramref name="endpoint"/>; null when the endpoint is not an absolute http(s) URL or the port would pass 65535.</summary>
    public static string? FromEndpoint(string endpoint, int portOffset = DefaultPortOffset, string protocol = Protocol)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host)) return null;
        int port = uri.Port + portOffset;
        return port is > 0 and <= 65535 ? Of(uri.Host, port, protocol) : null;
    }

    /// <summary>The address of the system <see cref="SystemName"/> at host and port, in the canonical form the guard compares.</summary>
    public static string Of(string host, int port, string protocol = Protocol) =>
        string.Create(CultureInfo.InvariantCulture, $"{protocol}://{SystemName}@{host.ToLowerInvariant()}:{port}");

    /// <summary>
    /// An address as given (Akka's <c>Address.ToString()</c> or a registration's), with its host lower-cased, so that two
    /// spellings of one node compare equal; anything after "@" up to the port is the host. Other parts are kept as they are.
    /// </summary>
    public static string Canonical(string address)
    {
        int at = address.IndexOf('@', StringComparison.Ordinal);
        return at < 0 ? address : address[..(at + 1)] + address[(at + 1)..].ToLowerInvariant();
    }
}
