using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Fountain.Chain.Rules;

/// <summary>
/// The one spelling of a masternode endpoint, so that one place on the network is one registration. Peers dial the
/// endpoint the chain stores, and a URL has many spellings of the same place: <c>http://127.1:7100</c>,
/// <c>http://0x7f.0.0.1:7100</c>, <c>http://2130706433:7100</c> and <c>HTTP://127.0.0.1:7100/</c> all reach
/// 127.0.0.1 port 7100, and <c>http://host</c> is <c>http://host:80</c>. Compared as strings they registered as new
/// masternodes at an occupied place: a second identity there takes placements and rewards for a server it does not
/// run (its blocks then go to a node that refuses them). So an endpoint is parsed as an absolute http(s) URI and
/// printed again as <c>scheme://host:port/</c>: an IP address parsed and printed by <see cref="IPAddress"/> (an
/// IPv4-mapped IPv6 address as its IPv4 address), a DNS name in lower-case ASCII (IDN as punycode) without a
/// trailing dot, <c>localhost</c> as 127.0.0.1, the port always explicit. Two endpoints are the same place when their
/// host and port are equal, whatever the scheme (a TCP port answers one server).
/// <para>
/// Refused outright: user info, a query or a fragment (a node serves at its root and its identity is its key, not a
/// password in a URL), any path but "/", schemes other than http and https, port 0, the unspecified address
/// (0.0.0.0, ::: a peer dialling it reaches itself), IPv6 zone ids (they name an interface of one machine), hosts that
/// end in a number but are no IPv4 address (<c>1.2.3.4.5</c>, <c>256.0.0.1</c>: resolvers disagree on them) and host
/// names with characters outside letters, digits, '-' and '.'.
/// </para>
/// <para>
/// What the chain cannot see: two DNS names (or a name and an address) that resolve to the same machine. Resolving
/// them would make the chain's rules depend on a resolver at the moment of replay, so they stay distinct places.
/// </para>
/// </summary>
public static class MasternodeEndpoints
{
    /// <summary>The canonical form of <paramref name="endpoint"/>, or false with the reason it is refused.</summary>
    public static bool TryCanonicalize(string? endpoint, int maxChars, out string canonical, out string problem)
    {
        canonical = "";
        if (string.IsNullOrEmpty(endpoint) || endpoint.Length > maxChars) return Fail($"the endpoint must have 1 to {maxChars} characters", out problem);
        // Uri quietly trims and escapes whitespace and control characters; an endpoint has none.
        if (endpoint.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return Fail("the endpoint must not contain whitespace or control characters", out problem);
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return Fail($"'{endpoint}' is not an absolute http or https URL", out problem);
        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            return Fail($"'{endpoint}' must not carry user info, a query or a fragment", out problem);
        if (uri.AbsolutePath != "/") return Fail($"'{endpoint}' must not have a path: a masternode serves at its root", out problem);
        if (uri.Port is < 1 or > 65535) return Fail($"'{endpoint}' must name a port from 1 to 65535", out problem);
        if (!TryCanonicalHost(uri, out var host, out problem)) return false;
        var printed = string.Create(CultureInfo.InvariantCulture, $"{uri.Scheme}://{host}:{uri.Port}/");
        // The canonical form can be longer than what was sent (an IDN name in punycode, an added port).
        if (printed.Length > maxChars) return Fail($"the endpoint's canonical form {printed} is longer than {maxChars} characters", out problem);
        canonical = printed;
        problem = "";
        return true;
    }

    /// <summary>
    /// The place a canonical endpoint names: "host:port", the text between "scheme://" and the final "/" (the scheme
    /// does not make another place). Only meaningful for what <see cref="TryCanonicalize"/> returned.
    /// </summary>
    public static string PlaceOf(string canonicalEndpoint)
    {
        ArgumentException.ThrowIfNullOrEmpty(canonicalEndpoint);
        var start = canonicalEndpoint.IndexOf("://", StringComparison.Ordinal);
        var place = start < 0 ? canonicalEndpoint : canonicalEndpoint[(start + 3)..];
        return place.EndsWith('/') ? place[..^1] : place;
    }

    private static bool TryCanonicalHost(Uri uri, out string host, out string problem)
    {
        host = "";
        switch (uri.HostNameType)
        {
            case UriHostNameType.IPv4:
                return TryAddress(IPAddress.Parse(uri.Host), out host, out problem);
            case UriHostNameType.IPv6:
                // Uri drops the zone id from Host ("[fe80::1%25eth0]" -> "[fe80::1]") but keeps it in IdnHost.
                if (uri.IdnHost.Contains('%', StringComparison.Ordinal)) return Fail($"'{uri.IdnHost}' has an IPv6 zone id, which names an interface of one machine", out problem);
                return TryAddress(IPAddress.Parse(uri.IdnHost), out host, out problem);
            case UriHostNameType.Dns:
                return TryDnsName(uri, out host, out problem);
            default:
                return Fail($"'{uri.Host}' is neither an IP address nor a DNS name", out problem);
        }
    }

    private static bool TryAddress(IPAddress address, out string host, out string problem)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        host = "";
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            return Fail("the unspecified address (0.0.0.0 or ::) cannot be dialled by peers: advertise a reachable address", out problem);
        host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        problem = "";
        return true;
    }

    private static bool TryDnsName(Uri uri, out string host, out string problem)
    {
        host = "";
        var name = uri.IdnHost.ToLowerInvariant();
        // "node.example." and "node.example" are the same name; so are "127.0.0.1." and 127.0.0.1 to a resolver.
        if (name.EndsWith('.')) name = name[..^1];
        if (name.Length is 0 or > 253) return Fail($"'{uri.Host}' is not a valid host name", out problem);
        var labels = name.Split('.');
        foreach (var label in labels)
            if (label.Length is 0 or > 63 || label[0] == '-' || label[^1] == '-' || !label.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'))
                return Fail($"'{uri.Host}' is not a valid host name (letters, digits, '-' and '.' only)", out problem);
        if (name == "localhost" || name.EndsWith(".localhost", StringComparison.Ordinal)) return TryAddress(IPAddress.Loopback, out host, out problem);
        // A name whose last label is a number is an IPv4 address in some spelling or nothing (resolvers differ).
        if (IsNumeric(labels[^1]))
        {
            return Uri.TryCreate($"http://{name}/", UriKind.Absolute, out var reparsed) && reparsed.HostNameType == UriHostNameType.IPv4
                ? TryAddress(IPAddress.Parse(reparsed.Host), out host, out problem)
                : Fail($"'{uri.Host}' ends in a number but is not an IPv4 address", out problem);
        }
        host = name;
        problem = "";
        return true;
    }

    private static bool IsNumeric(string label) =>
        label.All(char.IsAsciiDigit) || (label.StartsWith("0x", StringComparison.Ordinal) && label.Skip(2).All(char.IsAsciiHexDigit));

    private static bool Fail(string why, out string problem)
    {
        problem = why;
        return false;
    }
}
