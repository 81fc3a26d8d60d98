using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.Status;

/// <summary>
/// The plumbing the node's and the development network's status pages share: a Kestrel server of its own (apart from
/// the signed API's, so that none of the API's routes is reachable here) speaking HTTP/1.1 and HTTP/2 on a plain
/// endpoint, read-only (GET only, no request bodies, few connections), and the page's files from the assembly.
/// Every answer forbids framing, sniffing and any script or request that is not the page's own (Content-Security-Policy),
/// so the page loads nothing from elsewhere and works offline.
/// </summary>
internal static class StatusWeb
{
    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Builds and starts a server at <paramref name="listenUrl"/> (an IP address; port 0 picks a free one) with the routes <paramref name="map"/> adds.</summary>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(string listenUrl, int maxConnections, ILoggerFactory loggerFactory,
        Action<WebApplication> map, CancellationToken cancellation)
    {
        var listen = new Uri(listenUrl);
        if (!IPAddress.TryParse(listen.Host.Trim('[', ']'), out var address))
            throw new ArgumentException($"fountain.status.listen-url '{listenUrl}': give an IP address (127.0.0.1, 0.0.0.0, [::1]).");
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "Fountain.Node.Status", ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddRoutingCore();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxConcurrentConnections = maxConnections;
            kestrel.Limits.MaxRequestBodySize = 0;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Listen(address, listen.Port, o => o.Protocols = HttpProtocols.Http1AndHttp2);
        });
        var app = builder.Build();
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            return next(context);
        });
        app.UseRouting();
        map(app);
        try
        {
            await app.StartAsync(cancellation).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return (app, bound);
    }

    /// <summary>Serves one of the page's files (src/Fountain.Node/Status/Page, embedded in the assembly) at <paramref name="path"/>.</summary>
    public static void MapPageFile(WebApplication app, string path, string file, string contentType)
    {
        var bytes = PageFile(file);
        app.MapGet(path, (HttpContext context) =>
        {
            context.Response.ContentType = contentType;
            return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
        });
    }

    public static async Task WriteJsonAsync<T>(HttpContext context, T value, JsonTypeInfo<T> type)
    {
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted).ConfigureAwait(false);
    }

    private static byte[] PageFile(string file)
    {
        var name = "Fountain.Node.Status.Page." + file;
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name) ?? throw new InvalidOperationException($"the page file {name} is not in the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
