using Akka.Configuration;
using Fountain.Chain.Configuration;

namespace Fountain.Node.Status;

/// <summary>
/// The node's read-only status listener (fountain.status in src/Fountain.Node/reference.conf): the page, its JSON and
/// Prometheus /metrics, on a listener of its own that speaks HTTP/1.1 (browsers, Prometheus) as well as HTTP/2, while
/// the signed API stays HTTP/2-only on its own port.
/// </summary>
public sealed record StatusSettings
{
    /// <summary>Serve the status page and /metrics at all.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Where; null: the API's host with the API's port + <see cref="PortOffset"/> (port 0 stays 0: a free port).</summary>
    public string? ListenUrl { get; init; }

    /// <summary>Added to the API's port when <see cref="ListenUrl"/> is not set: 7100 gives 9100 (Akka remoting has +1000), and each node of <c>fountain cluster up</c> gets its own.</summary>
    public int PortOffset { get; init; } = 2000;

    /// <summary>How long one snapshot of the figures is reused: every request in that time shares it, so a busy page costs the node and the chain one read.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Artworks the page and /metrics list at most (the first ones of the chain's listing, in artwork-id order).</summary>
    public int MaxListedArtworks { get; init; } = 200;

    /// <summary>Connections the status listener keeps open at once; more wait in the kernel's backlog.</summary>
    public int MaxConnections { get; init; } = 32;

    /// <summary>The URL the listener binds: <see cref="ListenUrl"/>, or derived from the API's listen URL.</summary>
    public string ListenUrlFor(string apiListenUrl)
    {
        if (ListenUrl is { } explicitUrl) return explicitUrl;
        var api = new Uri(apiListenUrl);
        int port = api.Port == 0 ? 0 : api.Port + PortOffset;
        if (port > ushort.MaxValue)
            throw new ArgumentException($"fountain.status: the API's port {api.Port} + port-offset {PortOffset} is beyond 65535; set fountain.status.listen-url");
        return new UriBuilder(api) { Port = port }.Uri.ToString();
    }

    public void Validate()
    {
        if (ListenUrl is not null && (!Uri.TryCreate(ListenUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttp))
            throw new ArgumentException($"'{ListenUrl}' must be an absolute http:// URL with an IP address.", nameof(ListenUrl));
        if (PortOffset is < 1 or > ushort.MaxValue) throw new ArgumentOutOfRangeException(nameof(PortOffset), PortOffset, "must be between 1 and 65535");
        if (RefreshInterval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RefreshInterval), RefreshInterval, "must be positive");
        if (MaxListedArtworks < 0) throw new ArgumentOutOfRangeException(nameof(MaxListedArtworks), MaxListedArtworks, "must not be negative");
        if (MaxConnections < 1) throw new ArgumentOutOfRangeException(nameof(MaxConnections), MaxConnections, "must be at least 1");
    }

    /// <summary>Reads fountain.status from a configuration merged over the node's defaults.</summary>
    public static StatusSettings Read(Config config)
    {
        const string p = "fountain.status.";
        var listen = config.ReadString(p + "listen-url");
        var settings = new StatusSettings
        {
            Enabled = config.ReadBool(p + "enabled"),
            ListenUrl = string.IsNullOrWhiteSpace(listen) ? null : listen,
            PortOffset = config.ReadInt(p + "port-offset"),
            RefreshInterval = config.ReadDuration(p + "refresh-interval"),
            MaxListedArtworks = config.ReadInt(p + "max-listed-artworks"),
            MaxConnections = config.ReadInt(p + "max-connections"),
        };
        SettingReads.Validate(p, settings.Validate);
        return settings;
    }
}
