using System.Globalization;
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
/// The masternode's HTTP/2 API (issue 4, item 2; issue 12). Every request is authenticated from its headers first, before
/// any body is read or any slot is taken (<see cref="RequestAuthenticator"/>: 401 for a missing, bad, stale or replayed
/// signature, 421 for a request signed for another node, 413 for a declared body over the route's limit), then
/// authorised (403), and only then is its body read and held to the signed hash and length (400). A member masternode
/// (registered and proven, <see cref="Network.Membership.IsMember"/>) or this node may list, HEAD (sizes are on the
/// ticket) and ask /status; a block's bytes and range hashes go only to the roles <see cref="HolderReadRule"/> names
/// (owner, custodians, challengers; never a placed holder); anyone with a key may send an archive to be stored, becoming
/// its owner, within the store slots (<see cref="StoreAdmission"/>: per signer and in all). A refused request writes
/// nothing, and is counted by kind (<see cref="RefusalCounters"/>, in /status).
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
/// GET  /status                                    id, height seen, Total/Used/Free, block count, refusals by kind
/// </code>
/// </summary>
/// <param name="endpoint">The URL this node is registered under, shown in /status.</param>
/// <param name="scrub">The scrubber's counters, shown in /status.</param>
internal sealed class NodeApi(NodeSettings settings, string nodeId, Uri endpoint, RequestAuthenticator authenticator, ChainView chain, BlockStore store,
    ScrubCounters scrub, BlockIntake intake, StoreSession sessions, HolderReadRule holderReads, ILogger log)
{
    private readonly StoreAdmission _storeSessions = new(settings.MaxStoreSessions, settings.MaxStoreSessionsPerSigner);

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
        var (request, refusal) = await authenticator.AuthenticateAsync(context, settings.MaxBlockRequestBytes);
        if (request is null) { await RefuseAsync(context, refusal!); return; }
        if (!TryRouteHash(context, "blockId", out var blockId)) { await RefuseAsync(context, BadId("blockId")); return; }
        using var body = await RequestBody.ReadToBufferAsync(context.Request, checked((int)request.BodyLength), context.RequestAborted);
        var mismatch = body is null ? authenticator.BodyLongerThanSigned(request) : authenticator.CheckBody(request, body.Length, body.Sha3Hex);
        if (mismatch is not null) { await RefuseAsync(context, mismatch); return; }
        var result = await intake.OfferAsync(blockId, body!, request.Signer, context.RequestAborted);
        if (result.Response is { } response) await WriteJsonAsync(context, result.Status, response, NodeJson.Default.PutBlockResponse);
        else await RefuseAsync(context, new Refusal(result.Status, result.Reason!));
    }

    private async Task GetBlock(HttpContext context)
    {
        var request = await AuthenticateWithoutBodyAsync(context);
        if (request is null) return;
        if (!TryRouteHash(context, "blockId", out var blockId)) { await RefuseAsync(context, BadId("blockId")); return; }
        var row = store.Find(blockId);
        bool head = HttpMethods.IsHead(context.Request.Method);
        // HEAD tells only whether the block is here and its size, which the ticket already tells: members and the owner.
        // The bytes go only to the roles the read rule names.
        if (head || row is null)
        {
            if (!await MayListAsync(request, row?.ArtworkId, context.RequestAborted)) { await RefuseAsync(context, authenticator.Count(Forbidden())); return; }
        }
        else if (await holderReads.CheckAsync(request, row, context.RequestAborted) is { } readRefusal) { await RefuseAsync(context, readRefusal); return; }
        await using var file = row is null ? null : store.OpenRead(blockId);
        if (file is null) { await RefuseAsync(context, new Refusal(StatusCodes.Status404NotFound, $"this node does not hold block {blockId}")); return; }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = file.Length;
        if (head) return;
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
        var request = await AuthenticateWithoutBodyAsync(context);
        if (request is null) return;
        if (!TryRouteHash(context, "blockId", out var blockId)) { await RefuseAsync(context, BadId("blockId")); return; }
        if (!long.TryParse(context.Request.Query["offset"], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || !long.TryParse(context.Request.Query["length"], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            await RefuseAsync(context, new Refusal(StatusCodes.Status400BadRequest, "offset and length must be given as non-negative integers in the query"));
            return;
        }
        var row = store.Find(blockId);
        if (row is null)
        {
            if (!await MayListAsync(request, null, context.RequestAborted)) { await RefuseAsync(context, authenticator.Count(Forbidden())); return; }
            await RefuseAsync(context, new Refusal(StatusCodes.Status404NotFound, $"this node does not hold block {blockId}"));
            return;
        }
        if (await holderReads.CheckAsync(request, row, context.RequestAborted) is { } readRefusal) { await RefuseAsync(context, readRefusal); return; }
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

    /// <summary>The listing names the blocks held and their sizes, which the ticket already makes public: members and the owner.</summary>
    private async Task ListArtwork(HttpContext context)
    {
        var request = await AuthenticateWithoutBodyAsync(context);
        if (request is null) return;
        if (!TryRouteHash(context, "artworkId", out var artworkId)) { await RefuseAsync(context, BadId("artworkId")); return; }
        if (!await MayListAsync(request, artworkId, context.RequestAborted)) { await RefuseAsync(context, authenticator.Count(Forbidden())); return; }
        int limit = settings.MaxListedBlocks;
        var rows = store.ListArtwork(artworkId, limit + 1);
        var blocks = rows.Take(limit).Select(r => new HeldBlock(r.BlockId.ToString(), r.Index, r.Bytes, r.IsPending)).ToList();
        await WriteJsonAsync(context, StatusCodes.Status200OK, new ArtworkBlocksResponse(artworkId.ToString(), blocks, rows.Count > limit), NodeJson.Default.ArtworkBlocksResponse);
    }

    private async Task Status(HttpContext context)
    {
        var request = await AuthenticateWithoutBodyAsync(context);
        if (request is null) return;
        if (!request.IsMember) { await RefuseAsync(context, authenticator.Count(Forbidden())); return; }
        var figures = store.Figures;
        var status = new NodeStatus(nodeId, endpoint.ToString(), chain.Current?.Head.Height ?? -1,
            figures.TotalBytes, figures.UsedBytes, figures.FreeBytes, store.PendingBytes, figures.BlockCount, scrub.Quarantined, holderReads.Refused,
            authenticator.Counters.Snapshot());
        await WriteJsonAsync(context, StatusCodes.Status200OK, status, NodeJson.Default.NodeStatus);
    }

    /// <summary>
    /// Authenticated from the headers, then a store slot (per signer and in all), and only then the body to disk, read up
    /// to the signed length and held to the signed hash: a forged or oversized upload costs no slot and no disk.
    /// </summary>
    private async Task StoreArchive(HttpContext context)
    {
        var (request, refusal) = await authenticator.AuthenticateAsync(context, settings.MaxArchiveBytes);
        if (request is null) { await RefuseAsync(context, refusal!); return; }
        if (request.BodyLength == 0) { await RefuseAsync(context, new Refusal(StatusCodes.Status400BadRequest, "the archive is empty")); return; }
        using var slot = _storeSessions.TryEnter(request.Signer.Id, out refusal);
        if (slot is null) { await RefuseAsync(context, authenticator.Count(refusal!)); return; }
        var incoming = Path.Combine(Path.GetFullPath(settings.DataFolder), "incoming");
        Directory.CreateDirectory(incoming);
        var path = Path.Combine(incoming, Guid.NewGuid().ToString("N") + ".archive");
        try
        {
            var received = await RequestBody.ReadToFileAsync(context.Request, path, request.BodyLength, context.RequestAborted);
            var mismatch = received is { } r ? authenticator.CheckBody(request, r.Length, r.Sha3.ToString()) : authenticator.BodyLongerThanSigned(request);
            if (mismatch is not null) { await RefuseAsync(context, mismatch); return; }
            TicketDraft draft;
            try
            {
                draft = await sessions.RunAsync(path, received!.Value.Sha3, request.Signer, settings.StoreSessionTimeout, context.RequestAborted);
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
            File.Delete(path);
        }
    }

    /// <summary>Authenticates a request that must have no body; writes the refusal and returns null when it fails.</summary>
    private async Task<AuthenticatedRequest?> AuthenticateWithoutBodyAsync(HttpContext context)
    {
        var (request, refusal) = await authenticator.AuthenticateAsync(context, 0);
        if (request is null) { await RefuseAsync(context, refusal!); return null; }
        using var body = await RequestBody.ReadToBufferAsync(context.Request, 0, context.RequestAborted);
        if (body is null) { await RefuseAsync(context, authenticator.BodyLongerThanSigned(request)); return null; }
        return request;
    }

    /// <summary>A member may list and HEAD any artwork's blocks; an owner only its own artworks'.</summary>
    private async Task<bool> MayListAsync(AuthenticatedRequest request, Hash256? artworkId, CancellationToken cancellation)
    {
        if (request.IsMember) return true;
        if (artworkId is not { } id) return false;
        var ticket = await chain.GetTicketAsync(id.ToString(), cancellation, trustCachedMiss: false);
        return ticket is not null && ticket.OwnerPublicKey == request.Signer.PublicKeyBase64;
    }

    private static bool TryRouteHash(HttpContext context, string name, out Hash256 hash)
    {
        hash = default;
        return context.Request.RouteValues[name] is string text && Hash256.TryParse(text, out hash);
    }

    private static Refusal BadId(string name) => new(StatusCodes.Status400BadRequest, $"{name} must be 64 lower-case hex digits");

    private static Refusal Forbidden() =>
        new(StatusCodes.Status403Forbidden, "the signer is not a member masternode (registered and proven by a storage report), nor the owner of this artwork",
            RefusalKind.NotMember);

    private static Task RefuseAsync(HttpContext context, Refusal refusal) => ApiReplies.RefuseAsync(context, refusal);

    private static Task WriteJsonAsync<T>(HttpContext context, int status, T value, JsonTypeInfo<T> type) => ApiReplies.WriteJsonAsync(context, status, value, type);
}
