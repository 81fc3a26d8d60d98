using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.Status;

/// <summary>
/// A node's read-only status listener (fountain.status): the page (<c>/</c>, its script and style), its figures as
/// JSON (<c>/status.json</c>, polled by the page) and Prometheus' <c>/metrics</c>. No signature is asked, so nothing
/// here may be private: see <see cref="NodeStatusSnapshot"/>. Started last by the node, stopped first.
/// </summary>
public sealed class StatusServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StatusServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where the page is (the bound port when the listen URL asked for port 0).</summary>
    public Uri Address { get; }

    internal static async Task<StatusServer> StartAsync(string listenUrl, StatusSettings settings, NodeStatusSource source, NodeMetrics metrics, ActorSystem actors,
        ILoggerFactory loggerFactory, CancellationToken cancellation)
    {
        var (app, address) = await StatusWeb.StartAsync(listenUrl, settings.MaxConnections, loggerFactory, app =>
        {
            MapPage(app, "node.html");
            app.MapGet("/status.json", async (HttpContext c) => await StatusWeb.WriteJsonAsync(c, await source.GetAsync(c.RequestAborted), StatusJson.Default.NodeStatusSnapshot));
            app.MapGet("/metrics", async (HttpContext c) =>
            {
                var status = await source.GetAsync(c.RequestAborted);
                c.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
                await metrics.WriteAsync(status, actors, c.Response.Body, c.RequestAborted);
            });
        }, cancellation).ConfigureAwait(false);
        return new StatusServer(app, address);
    }

    /// <summary>The page at <c>/</c> (<paramref name="html"/>: the node's or the network's) with the script and style both views share.</summary>
    internal static void MapPage(WebApplication app, string html)
    {
        StatusWeb.MapPageFile(app, "/", html, "text/html; charset=utf-8");
        StatusWeb.MapPageFile(app, "/status.js", "status.js", "text/javascript; charset=utf-8");
        StatusWeb.MapPageFile(app, "/status.css", "status.css", "text/css; charset=utf-8");
        StatusWeb.MapPageFile(app, "/favicon.svg", "favicon.svg", "image/svg+xml");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
