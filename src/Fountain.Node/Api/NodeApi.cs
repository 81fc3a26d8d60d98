using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Fountain.Codec.Hashing;
using Fountain.Node.Configuration;
using Fountain.Node.Network;
using Fountain.Node.Scrubbing;
using Fountain.Node.Storage;
using Fountain.Node.Protocol;
using Fountain.Node.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.Api;

/// <summary>
/// The masternode's HTTP/2 API (issue 4, item 2). Every request is authenticated first (<see cref="RequestAuthenticator"/>:
/// 401 for a missing, bad, stale or replayed signature) and then authorised (403): a registered masternode (or
/// this node itself) may do everything; an artwork's owner (the ticket's <c>OwnerPublicKey</c>) may read that
/// artwork's blocks, except that a block's bytes and range hashes are refused to a masternode placement names as one
/// of that block's holders (<see cref="HolderReadRule"/>); anyone with a key may send an archive to be stored,
/// becoming its owner. Bodies are limited (413). A refused request writes nothing.
/// <para>
/// It writes through the block holder and encodes on the codec dispatcher, both started with the web host; so the web
/// host's services build it (<see cref="Hosting.NodeHost"/> registers it) once they have started, and the routes,
/// mapped before the server starts, take that one instance from each request's services.
/// </para>
/// <code>
/// PUT  /blocks/{blockId}                          a block (header + payload)    201 stored, 200 already held
/// GET  /blocks/{blockId}, HEAD                    the block's bytes             404 not held
/// POST /blocks/{blockId}/range-hash?offset&amp;length SHA3-256 of the byte range   (storage challenges)
/// GET  /artworks/{artworkId}/blocks               the blocks held for an artwork
/// POST /artworks                                  an archive to encode and place → a ticket draft
/// GET  /status                                    id, height seen, Total/Used/Free, block count
/// </code>
/// </summary>
/// <param name="endpoint">The URL this node is registered under, shown in /status.</param>
/// <param name="scrub">The scrubber's counters, shown in /status.</param>
internal sealed class NodeApi(NodeSettings settings, string nodeId, Uri endpoint, RequestAuthenticator authenticator, ChainView chain, BlockStore store,
    ScrubCounters scrub, BlockIntake intake, StoreSession sessions, ILogger log)
{
    /// <summary>Refuses block bytes and range hashes to the block's own placed holders (anti-outsourcing); counted in /status.</summary>
    private readonly HolderReadRule _holderReads = new(nodeId, chain);

    /// <summary>Block reads refused so far by the holder-read rule (the status page shows it too).</summary>
    public long HolderReadsRefused() => _holderReads.Refused;

    /// <summary>Store sessions running; at most <c>max-store-sessions</c>, more get 503.</summary>
    private readonly SemaphoreSlim _storeSessions = new(settings.MaxStoreSessions, settings.MaxStoreSessions);

    public static void Map(IEndpointRouteBuilder app)
    {
        static NodeApi Api(HttpContext context) => context.RequestServices.GetRequiredService<NodeApi>();
        app.MapMethods("/blocks/{blockId}", [HttpMethods.Put], c => Api(c).PutBlock(c));
        app.MapMethods("/blocks/{blockId}", [HttpMethods.Get, HttpMethods.Head], c => Api(c).GetBlock(c));
        app.MapMethods("/blocks/{blockId}/range-hash", [HttpMethods.Post], c => Api(c).HashRange(c));
        app.MapMethods("/artworks/{artworkId}/blocks", [HttpMethods.Get], c => Api(c).ListArtwork(c));
        app.MapMethods("/artworks", [HttpMethods.Post], c => Api(c).StoreArchive(c));
        app.MapMethods("/status", [HttpMethods.Get], c => Api(c).Status(c));
    }

    private async Task PutBlock(HttpContext context)
    {
        var credentials = authenticator.ReadCredentials(context.Request, out var refusal);
        if (credentials is null) { await RefuseAsync(context, refusal!); return; }
        using var body = await RequestBody.ReadToBufferAsync(context.Request, checked((int)settings.MaxBlockRequestBytes), context.RequestAborted);
        if (body is null) { await RefuseAsync(context, TooLarge(settings.MaxBlockRequestBytes)); return; }
        var signer = authenticator.Verify(context, credentials, body.Sha3Hex, out refusal);
        if (signer is null) { await RefuseAsync(context, refusal!); return; }
        if (!TryRouteHash(context, "blockId", out var blockId)) { await RefuseAsync(context, BadId("blockId")); return; }
        var result = await intake.OfferAsync(blockId, body, signer, context.RequestAborted);
        if (result.Response is { } response) await WriteJsonAsync(context, result.Status, response, NodeJson.Default.PutBlockResponse);
        else await RefuseAsync(context, new Refusal(result.Status, result.Reason!));
    }

    private async Task GetBlock(HttpContext context)
    {
        var signer = await AuthenticateWithoutBodyAsync(context);
        if (signer is null) return;
        if (!TryRouteHash(context, "blockId", out var blockId)) { await RefuseAsync(context, BadId("blockId")); return; }
        var row = store.Find(blockId);
        if (!await MayReadAsync(signer, row?.ArtworkId, context.RequestAborted)) { await RefuseAsync(context, Forbidden()); return; }
        // HEAD tells only the size, which the ticket already does: the rule guards the bytes.
        if (row is not null && !HttpMethods.IsHead(context.Request.Method)
            && await _holderReads.CheckAsync(signer, row, context.RequestAborted) is { } holderRefusal) { await RefuseAsync(context, holderRefusal); return; }
        await using var file = row is null ? null : store.OpenRead(blockId);
        if (file is null) { await RefuseAsync(context, new Refusal(StatusCodes.Status404NotFound, $"this node does not hold block {blockId}")); return; }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = file.Length;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        // Read straight into the response's own buffers: no intermediate copy, and no pooled array per request.
        var writer = context.Response.BodyWriter;
        while (true)
        {
            var memory = writer.GetMemory(StreamChunkBytes);
            int read = await file.ReadAsync(memory, context.RequestAborted);
            if (read == 0) break;
            writer.Advance(read);
            var flushed = await writer.FlushAsync(context.RequestAborted);
            if (flushed.IsCanceled || flushed.IsCompleted) break;
        }
    }

    private const int StreamChunkBytes = 64 * 1024;

    private async Task HashRange(HttpContext context)
    {
        var signer = await AuthenticateWithoutBodyAsync(context);
        if (signer is null) return;
        if (!TryRouteHash(context, "blockId", out var blockId)) { await RefuseAsync(context, BadId("blockId")); return; }
        if (!long.TryParse(context.Request.Query["offset"], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || !long.TryParse(context.Request.Query["length"], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            await RefuseAsync(context, new Refusal(StatusCodes.Status400BadRequest, "offset and length must be given as non-negative integers in the query"));
            return;
        }
        var row = store.Find(blockId);
        if (!await MayReadAsync(signer, row?.ArtworkId, context.RequestAborted)) { await RefuseAsync(context, Forbidden()); return; }
        if (row is not null && await _holderReads.CheckAsync(signer, row, context.RequestAborted) is { } holderRefusal) { await RefuseAsync(context, holderRefusal); return; }
        Hash256? hash;
        try
        {
            hash = store.HashRange(blockId, offset, length);
        }
        catch (ArgumentOutOfRangeException e)
        {
            await RefuseAsync(context, new Refusal(StatusCodes.Status416RangeNotSatisfiable, e.Message.Split(Environment.NewLine)[0].Split(" (Parameter")[0]));
            return;
        }
        if (hash is null) { await RefuseAsync(context, new Refusal(StatusCodes.Status404NotFound, $"this node does not hold block {blockId}")); return; }
        await WriteJsonAsync(context, StatusCodes.Status200OK, new RangeHashResponse(blockId.ToString(), offset, length, hash.Value.ToString()), NodeJson.Default.RangeHashResponse);
    }

    private async Task ListArtwork(HttpContext context)
    {
        var signer = await AuthenticateWithoutBodyAsync(context);
        if (signer is null) return;
        if (!TryRouteHash(context, "artworkId", out var artworkId)) { await RefuseAsync(context, BadId("artworkId")); return; }
        if (!await MayReadAsync(signer, artworkId, context.RequestAborted)) { await RefuseAsync(context, Forbidden()); return; }
        int limit = settings.MaxListedBlocks;
        var rows = store.ListArtwork(artworkId, limit + 1);
        var blocks = rows.Take(limit).Select(r => new HeldBlock(r.BlockId.ToString(), r.Index, r.Bytes, r.IsPending)).ToList();
        await WriteJsonAsync(context, StatusCodes.Status200OK, new ArtworkBlocksResponse(artworkId.ToString(), blocks, rows.Count > limit), NodeJson.Default.ArtworkBlocksResponse);
    }

    private async Task Status(HttpContext context)
    {
        var signer = await AuthenticateWithoutBodyAsync(context);
        if (signer is null) return;
        if (!await IsMasternodeAsync(signer, context.RequestAborted)) { await RefuseAsync(context, Forbidden()); return; }
        var figures = store.Figures;
        var status = new NodeStatus(nodeId, endpoint.ToString(), chain.Current?.Head.Height ?? -1,
            figures.TotalBytes, figures.UsedBytes, figures.FreeBytes, store.PendingBytes, figures.BlockCount, scrub.Quarantined, _holderReads.Refused);
        await WriteJsonAsync(context, StatusCodes.Status200OK, status, NodeJson.Default.NodeStatus);
    }

    private async Task StoreArchive(HttpContext context)
    {
        var credentials = authenticator.ReadCredentials(context.Request, out var refusal);
        if (credentials is null) { await RefuseAsync(context, refusal!); return; }
        if (!_storeSessions.Wait(0))
        {
            await RefuseAsync(context, new Refusal(StatusCodes.Status503ServiceUnavailable, $"this node already runs its maximum of {settings.MaxStoreSessions} store sessions; try again later"));
            return;
        }
        var incoming = Path.Combine(Path.GetFullPath(settings.DataFolder), "incoming");
        Directory.CreateDirectory(incoming);
        var path = Path.Combine(incoming, Guid.NewGuid().ToString("N") + ".archive");
        try
        {
            var received = await RequestBody.ReadToFileAsync(context.Request, path, settings.MaxArchiveBytes, context.RequestAborted);
            if (received is null) { await RefuseAsync(context, TooLarge(settings.MaxArchiveBytes)); return; }
            var signer = authenticator.Verify(context, credentials, received.Value.Sha3.ToString(), out refusal);
            if (signer is null) { await RefuseAsync(context, refusal!); return; }
            if (received.Value.Length == 0) { await RefuseAsync(context, new Refusal(StatusCodes.Status400BadRequest, "the archive is empty")); return; }
            TicketDraft draft;
            try
            {
                draft = await sessions.RunAsync(path, received.Value.Sha3, signer, settings.StoreSessionTimeout, context.RequestAborted);
            }
            catch (StoreSessionException e)
            {
                log.LogWarning(e, "store session failed");
                await RefuseAsync(context, new Refusal(e.Status, e.Message));
                return;
            }
            await WriteJsonAsync(context, StatusCodes.Status200OK, draft, NodeJson.Default.TicketDraft);
        }
        finally
        {
            _storeSessions.Release();
            File.Delete(path);
        }
    }

    /// <summary>Authenticates a request that must have no body; writes the refusal and returns null when it fails.</summary>
    private async Task<Signer?> AuthenticateWithoutBodyAsync(HttpContext context)
    {
        var credentials = authenticator.ReadCredentials(context.Request, out var refusal);
        if (credentials is null) { await RefuseAsync(context, refusal!); return null; }
        using var body = await RequestBody.ReadToBufferAsync(context.Request, 0, context.RequestAborted);
        if (body is null) { await RefuseAsync(context, new Refusal(StatusCodes.Status413PayloadTooLarge, "this request takes no body")); return null; }
        var signer = authenticator.Verify(context, credentials, body.Sha3Hex, out refusal);
        if (signer is null) await RefuseAsync(context, refusal!);
        return signer;
    }

    private async Task<bool> IsMasternodeAsync(Signer signer, CancellationToken cancellation) =>
        signer.Id == nodeId || (await chain.GetMembershipAsync(cancellation)).IsRegistered(signer.Id);

    /// <summary>A masternode may read any block; an owner only the blocks of its own artworks.</summary>
    private async Task<bool> MayReadAsync(Signer signer, Hash256? artworkId, CancellationToken cancellation)
    {
        if (await IsMasternodeAsync(signer, cancellation)) return true;
        if (artworkId is not { } id) return false;
        var ticket = await chain.GetTicketAsync(id.ToString(), cancellation, trustCachedMiss: false);
        return ticket is not null && ticket.OwnerPublicKey == signer.PublicKeyBase64;
    }

    private static bool TryRouteHash(HttpContext context, string name, out Hash256 hash)
    {
        hash = default;
        return context.Request.RouteValues[name] is string text && Hash256.TryParse(text, out hash);
    }

    private static Refusal BadId(string name) => new(StatusCodes.Status400BadRequest, $"{name} must be 64 lower-case hex digits");

    private static Refusal Forbidden() =>
        new(StatusCodes.Status403Forbidden, "the signer is not a registered masternode, nor the owner of this artwork");

    private static Refusal TooLarge(long limit) => new(StatusCodes.Status413PayloadTooLarge, $"the body is larger than the limit of {limit} bytes");

    private static Task RefuseAsync(HttpContext context, Refusal refusal) =>
        WriteJsonAsync(context, refusal.Status, new ErrorResponse(refusal.Reason), NodeJson.Default.ErrorResponse);

    private static async Task WriteJsonAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type)
    {
        if (context.Response.HasStarted) return;
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        if (HttpMethods.IsHead(context.Request.Method)) return;
        await JsonSerializer.SerializeAsync(context.Response.Body, value, type, context.RequestAborted);
    }
}
