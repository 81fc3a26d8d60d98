using System.Text.Json;
using Fountain.Node.Api;
using Fountain.Node.Client;
using Fountain.Node.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fountain.Node.Healing;

/// <summary>
/// POST /healing/verify: a custodian primary asks this node, a custody verifier, to sign an amendment
/// (<see cref="AmendmentVerifier"/>). The request is signed like every node request; the body is JSON of at most
/// <see cref="MaxBodyBytes"/>.
/// </summary>
internal sealed class HealingApi(RequestAuthenticator authenticator, AmendmentVerifier verifier)
{
    /// <summary>Largest verification request: an amendment of many blocks (about 80 bytes of JSON each).</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    public void Map(IEndpointRouteBuilder app) => app.MapMethods(HealingClient.VerifyPath, [HttpMethods.Post], VerifyAsync);

    private async Task VerifyAsync(HttpContext context)
    {
        var credentials = authenticator.ReadCredentials(context.Request, out var refusal);
        if (credentials is null) { await RefuseAsync(context, refusal!.Status, refusal.Reason); return; }
        using var body = await RequestBody.ReadToBufferAsync(context.Request, MaxBodyBytes, context.RequestAborted);
        if (body is null) { await RefuseAsync(context, 413, $"the body is longer than {MaxBodyBytes} bytes"); return; }
        var signer = authenticator.Verify(context, credentials, body.Sha3Hex, out refusal);
        if (signer is null) { await RefuseAsync(context, refusal!.Status, refusal.Reason); return; }
        VerifyAmendmentRequest? request;
        try { request = JsonSerializer.Deserialize(body.Memory.Span, HealingJson.Default.VerifyAmendmentRequest); }
        catch (JsonException e) { await RefuseAsync(context, 400, $"the body is not a verification request: {e.Message}"); return; }
        if (request is null) { await RefuseAsync(context, 400, "the body is null"); return; }
        try
        {
            var signed = await verifier.VerifyAsync(signer.Id, request, context.RequestAborted);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await JsonSerializer.SerializeAsync(context.Response.Body, signed, HealingJson.Default.VerifyAmendmentResponse, context.RequestAborted);
        }
        catch (AmendmentRefusedException e)
        {
            await RefuseAsync(context, e.Status, e.Message);
        }
    }

    private static async Task RefuseAsync(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new ErrorResponse(reason), NodeJson.Default.ErrorResponse, context.RequestAborted);
    }
}
