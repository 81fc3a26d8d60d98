using Fountain.Node.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fountain.Node.Status;

/// <summary>
/// The development network's status page (<c>fountain cluster up</c>): one page listing every node of a
/// <see cref="LocalCluster"/> with the figures of its own page, summed where a sum means something, and a link to each
/// node's page. It reads the nodes' <see cref="NodeStatusSource"/>s in process (each reuses its snapshot for its
/// refresh interval, so this page costs no more than the nodes' own pages), served as <c>/cluster.json</c>.
/// </summary>
public sealed class ClusterStatusServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ClusterStatusServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Serves the page of <paramref name="cluster"/> at <paramref name="listenUrl"/> (an IP address; port 0 picks a free one).</summary>
    public static async Task<ClusterStatusServer> StartAsync(LocalCluster cluster, string listenUrl, ILoggerFactory? loggerFactory = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var (app, address) = await StatusWeb.StartAsync(listenUrl, new StatusSettings().MaxConnections, loggerFactory ?? NullLoggerFactory.Instance, app =>
        {
            StatusServer.MapPage(app, "cluster.html");
            app.MapGet("/cluster.json", async (HttpContext c) => await StatusWeb.WriteJsonAsync(c, await ReadAsync(cluster, c.RequestAborted), StatusJson.Default.ClusterStatus));
        }, cancellation).ConfigureAwait(false);
        return new ClusterStatusServer(app, address);
    }

    private static async Task<ClusterStatus> ReadAsync(LocalCluster cluster, CancellationToken cancellation)
    {
        var nodes = new List<ClusterNodeStatus>();
        for (int i = 0; i < cluster.Count; i++)
        {
            var host = cluster.IsRunning(i) ? cluster.Node(i) : null;
            NodeStatusSnapshot? status = null;
            try
            {
                if (host is not null) status = await host.StatusSource.GetAsync(cancellation).ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The node stopped while its figures were read (its store closed): it is shown as stopped.
            }
            nodes.Add(new ClusterNodeStatus(i, status is null ? null : host?.StatusAddress?.ToString(), status));
        }
        return new ClusterStatus(cluster.ChainAddress.ToString(), DateTimeOffset.UtcNow, nodes);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
