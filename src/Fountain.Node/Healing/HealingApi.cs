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
/// (<see cref="AmendmentVerifier"/>). The request is signed like every node request and authenticated from its headers
/// before its body (JSON of at most <see cref="MaxBodyBytes"/>) is read; only a member masternode may ask.
/// </summary>
internal sealed class HealingApi(RequestAuthenticator authenticator, AmendmentVerifier verifier)
{
    /// <summary>Largest verification request: an amendment of many blocks (about 80 bytes of JSON each).</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    public void Map(IEndpointRouteBuilder app) => app.MapMethods(HealingClient.VerifyPath, [HttpMethods.Post], VerifyAsync);

    private async Task VerifyAsync(HttpContext context)
    {
        var (authenticated, refusal) = await authenticator.AuthenticateAsync(context, MaxBodyBytes);
        if (authenticated is null) { await ApiReplies.RefuseAsync(context, refusal!); return; }
        if (!authenticated.IsMember)
        {
            await ApiReplies.RefuseAsync(context, authenticator.Count(new Refusal(403, "only a member masternode, the custodian primary, may ask for a verification", RefusalKind.NotMember)));
            return;
        }
        using var body = await RequestBody.ReadToBufferAsync(context.Request, checked((int)authenticated.BodyLength), context.RequestAborted);
        if (body is null) { await ApiReplies.RefuseAsync(context, authenticator.BodyLongerThanSigned(authenticated)); return; }
        if (authenticator.CheckBody(authenticated, body.Length, body.Sha3Hex) is { } mismatch) { await ApiReplies.RefuseAsync(context, mismatch); return; }
        VerifyAmendmentRequest? request;
        try { request = JsonSerializer.Deserialize(body.Memory.Span, HealingJson.Default.VerifyAmendmentRequest); }
        catch (JsonException e) { await ApiReplies.RefuseAsync(context, new Refusal(400, $"the body is not a verification request: {e.Message}")); return; }
        if (request is null) { await ApiReplies.RefuseAsync(context, new Refusal(400, "the body is null")); return; }
        try
        {
            var signed = await verifier.VerifyAsync(authenticated.Signer.Id, request, context.RequestAborted);
            await ApiReplies.WriteJsonAsync(context, 200, signed, HealingJson.Default.VerifyAmendmentResponse);
        }
        catch (AmendmentRefusedException e)
        {
            await ApiReplies.RefuseAsync(context, new Refusal(e.Status, e.Message));
        }
    }
}
