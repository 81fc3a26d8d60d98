using System.Net;
using System.Text.Json;
using Fountain.Chain.Dev;
using Fountain.Chain.Model;
using Fountain.Chain.Transactions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Fountain.Chain.Http;

/// <summary>Where and how the chain's HTTP server listens; defaults match <c>fountain.chain.http</c> in hocon/reference.conf.</summary>
public sealed record ChainServerOptions
{
    /// <summary>The URL to listen on; loopback by default, port 0 picks a free port.</summary>
    public string Listen { get; init; } = "http://127.0.0.1:7000";

    /// <summary>Largest request body accepted; a signed transaction is at most SignedTransaction.MaxBodyBytes plus its envelope.</summary>
    public long MaxRequestBodyBytes { get; init; } = 2L << 20;

    /// <summary>Most transactions one listing returns.</summary>
    public int MaxListedTransactions { get; init; } = 1_000;

    /// <summary>Most tickets one page of the ticket listing returns; a client asking for more gets this many and a cursor.</summary>
    public int MaxListedTickets { get; init; } = 1_000;

    /// <summary>
    /// Most blocks (amendments included) the tickets of one listing page hold in all, so that a page's size is bounded:
    /// about 90 bytes of JSON per block plus about 300 per ticket, so 16,384 blocks make a page of about 1.8 MB (measured: 682 tickets of 24 blocks, 1,778,066 bytes).
    /// A page always holds one ticket, so the true bound is the larger of this and the chain's max-blocks-per-ticket.
    /// </summary>
    public int MaxListedBlocks { get; init; } = 16_384;

    public string? Validate()
    {
        if (!Uri.TryCreate(Listen, UriKind.Absolute, out var uri) || uri.Scheme != "http") return $"listen must be an http:// URL, got '{Listen}'";
        if (MaxRequestBodyBytes < 1024) return "max-request-body must be at least 1 KiB";
        if (MaxListedTransactions < 1) return "max-listed-transactions must be positive";
        if (MaxListedTickets < 1) return "max-listed-tickets must be positive";
        if (MaxListedBlocks < 1) return "max-listed-blocks must be positive";
        return null;
    }
}

/// <summary>
/// The development chain over HTTP (Kestrel): reads as GETs, transactions as a POST of a <see cref="SignedTransaction"/>.
/// JSON is <see cref="ChainJson"/> (source-generated). A transaction the chain rejects gets 422 with the reason;
/// a body that is not a signed transaction gets 400, one over the size limit 413. The server adds no authentication:
/// every transaction carries its own signature, and reads are public, as on a blockchain.
/// </summary>
public sealed class ChainServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ChainServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The address the server listens on (with the port chosen if the options asked for port 0).</summary>
    public Uri Address { get; }

    public static async Task<ChainServer> StartAsync(DevChain chain, ChainServerOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { } bad) throw new ArgumentException($"fountain.chain.http: {bad}", nameof(options));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // The host must not take over the process's Ctrl-C and SIGTERM: the program that embeds the server decides
        // when to stop it (and a test process may host several servers).
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.UseUrls(options.Listen);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        var app = builder.Build();
        Map(app, chain, options);
        await app.StartAsync(cancellation).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ChainServer(app, new Uri(address));
    }

    private static void Map(WebApplication app, DevChain chain, ChainServerOptions options)
    {
        var json = ChainJson.Default;
        app.MapGet(ChainRoutes.Info, async (CancellationToken c) => Results.Json(await chain.GetInfoAsync(c), json.ChainInfo));
        app.MapGet(ChainRoutes.Head, async (CancellationToken c) => Results.Json(await chain.GetHeadAsync(c), json.ChainHead));
        app.MapGet(ChainRoutes.Height, async (long height, CancellationToken c) =>
            await chain.GetHeightAsync(height, c) is { } head ? Results.Json(head, json.ChainHead) : NotFound($"height {height} is not sealed"));
        app.MapGet(ChainRoutes.Masternodes, async (CancellationToken c) => Results.Json(await chain.GetMasternodesAsync(c), json.IReadOnlyListMasternode));
        app.MapGet(ChainRoutes.Ticket, async (string artworkId, CancellationToken c) =>
            await chain.GetTicketAsync(artworkId, c) is { } ticket ? Results.Json(ticket, json.ArtworkTicket) : NotFound($"artwork {artworkId} is not registered"));
        app.MapGet(ChainRoutes.Tickets, (HttpContext context) =>
        {
            var query = context.Request.Query;
            if (query.TryGetValue("after", out var after) && (after.Count != 1 || !Hex.IsId(after[0])))
                return BadRequest("after must be one artwork id: 64 lower-case hex digits");
            // A larger max than the server allows is not an error: the client cannot know the cap, and the cursor lets it go on.
            var max = options.MaxListedTickets;
            if (query.TryGetValue("max", out var text))
            {
                if (text.Count != 1 || !int.TryParse(text[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var asked) || asked < 1)
                    return BadRequest("max must be one whole number of tickets, at least 1");
                max = Math.Min(asked, options.MaxListedTickets);
            }
            return Results.Json(chain.ListTickets(after.Count == 1 ? after[0] : null, max, options.MaxListedBlocks), json.TicketPage);
        });
        app.MapGet(ChainRoutes.Account, async (string accountId, CancellationToken c) =>
            accountId.Length > 128 ? BadRequest("an account id has at most 128 characters") : Results.Json(await chain.GetAccountAsync(accountId, c), json.AccountView));
        app.MapGet(ChainRoutes.Nonce, async (string signerId, CancellationToken c) =>
            !Hex.IsId(signerId) ? BadRequest("a signer id is 64 lower-case hex digits") : Results.Json(new NextNonce(signerId, await chain.GetNextNonceAsync(signerId, c)), json.NextNonce));
        app.MapGet(ChainRoutes.Network, async (CancellationToken c) => Results.Json(await chain.GetNetworkAsync(c), json.NetworkFigures));
        app.MapGet(ChainRoutes.Rewards, async (long height, CancellationToken c) =>
            await chain.GetRewardsAsync(height, c) is { } record ? Results.Json(record, json.HeightRewardsRecord) : NotFound($"no reward record for height {height}"));
        app.MapGet(ChainRoutes.Challenges, async (HttpContext context) =>
        {
            var max = options.MaxListedTransactions;
            if (context.Request.Query.TryGetValue("max", out var text) && (!int.TryParse(text, out max) || max < 1 || max > options.MaxListedTransactions))
                return BadRequest($"max must be 1 to {options.MaxListedTransactions}");
            return Results.Json(await chain.GetRecentChallengesAsync(max, context.RequestAborted), json.IReadOnlyListChallengeReportView);
        });
        app.MapGet(ChainRoutes.Transactions, async (HttpContext context) =>
        {
            var max = options.MaxListedTransactions;
            if (context.Request.Query.TryGetValue("max", out var text) && (!int.TryParse(text, out max) || max < 1 || max > options.MaxListedTransactions))
                return BadRequest($"max must be 1 to {options.MaxListedTransactions}");
            return Results.Json(await chain.GetRecentTransactionsAsync(max, context.RequestAborted), json.IReadOnlyListTransactionLogEntry);
        });
        app.MapPost(ChainRoutes.Transactions, async (HttpContext context) =>
        {
            if (context.Request.ContentLength > options.MaxRequestBodyBytes)
                return Error(HttpStatusCode.RequestEntityTooLarge, $"the body is larger than {options.MaxRequestBodyBytes} bytes");
            SignedTransaction? transaction;
            try { transaction = await JsonSerializer.DeserializeAsync(context.Request.Body, json.SignedTransaction, context.RequestAborted); }
            catch (JsonException e) { return BadRequest($"the body is not a signed transaction: {e.Message}"); }
            catch (BadHttpRequestException e) { return Error((HttpStatusCode)e.StatusCode, e.Message); }
            if (transaction?.Body is null || transaction.SignerPublicKey is null || transaction.Signature is null)
                return BadRequest("a signed transaction needs body, signerPublicKey and signature");
            TransactionResult result;
            try { result = await chain.SubmitAsync(transaction, context.RequestAborted); }
            catch (InvalidOperationException e) { return Error(HttpStatusCode.ServiceUnavailable, e.Message); }
            return Results.Json(result, json.TransactionResult, statusCode: result.Accepted ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
        });
    }

    private static IResult NotFound(string message) => Error(HttpStatusCode.NotFound, message);
    private static IResult BadRequest(string message) => Error(HttpStatusCode.BadRequest, message);
    private static IResult Error(HttpStatusCode status, string message) => Results.Json(new ChainError(message), ChainJson.Default.ChainError, statusCode: (int)status);

    /// <summary>Stops accepting requests and lets running ones finish.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A host lifetime that listens to no signals: <see cref="DisposeAsync"/> is the only way to stop.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
