using System.Globalization;
using System.Text.Json;
using Fountain.Codec.Hashing;
using Fountain.Node.Api;
using Fountain.Node.Client;
using Fountain.Node.Network;
using Fountain.Node.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Fountain.Node.Challenges;

/// <summary>
/// <c>POST /challenges/answer?epoch&amp;artwork&amp;block&amp;offset&amp;length</c>: a registered masternode (the signer of
/// the request, who becomes the challenger named in the signed answer) asks this node for its signed answer to a
/// storage challenge. 200 with a <see cref="ChallengeAnswer"/>; 404 when the block is not held here; 416 for a range
/// outside the block; 401/403 as for every node request. The signer is not checked against the epoch's selection:
/// the answer only attests what this node holds, and the chain refuses reports from challengers it did not select.
/// </summary>
internal sealed class ChallengeAnswerEndpoint(RequestAuthenticator authenticator, ChainView chain, string nodeId, long maxRangeBytes, ChallengeResponder responder)
{
    public void Map(IEndpointRouteBuilder app) => app.MapMethods(ChallengeAnswerClient.Path, [HttpMethods.Post], AnswerAsync);

    private async Task AnswerAsync(HttpContext context)
    {
        var credentials = authenticator.ReadCredentials(context.Request, out var refusal);
        if (credentials is null) { await RefuseAsync(context, refusal!.Status, refusal.Reason); return; }
        using (var body = await RequestBody.ReadToBufferAsync(context.Request, 0, context.RequestAborted))
        {
            if (body is null) { await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, "this request takes no body"); return; }
            var signer = authenticator.Verify(context, credentials, body.Sha3Hex, out refusal);
            if (signer is null) { await RefuseAsync(context, refusal!.Status, refusal.Reason); return; }
            // The membership already read answers for a known challenger without a chain round trip: a refresh (head and
            // masternode list from a busy chain) on this path would eat into the challenger's deadline. Registration is
            // only added to, and a node removed since then gains nothing from an answer: the chain refuses its report.
            bool registered = chain.Current?.IsRegistered(signer.Id) == true
                              || (await chain.GetMembershipAsync(context.RequestAborted)).IsRegistered(signer.Id);
            if (signer.Id == nodeId || !registered)
            {
                await RefuseAsync(context, StatusCodes.Status403Forbidden, "only another registered masternode may challenge this node");
                return;
            }
            var query = context.Request.Query;
            if (!long.TryParse(query["epoch"], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
                || !long.TryParse(query["offset"], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                || !long.TryParse(query["length"], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || !Hash256.TryParse(query["artwork"], out var artwork) || !Hash256.TryParse(query["block"], out var block))
            {
                await RefuseAsync(context, StatusCodes.Status400BadRequest, "epoch, offset and length must be non-negative integers, artwork and block 64 lower-case hex digits");
                return;
            }
            if (length > maxRangeBytes)
            {
                await RefuseAsync(context, StatusCodes.Status416RangeNotSatisfiable, $"a challenge range spans at most {maxRangeBytes} bytes");
                return;
            }
            ChallengeAnswer? answer;
            try
            {
                answer = await responder.AnswerAsync(signer.Id, epoch, artwork.ToString(), block, offset, length, context.RequestAborted);
            }
            catch (ArgumentOutOfRangeException e)
            {
                await RefuseAsync(context, StatusCodes.Status416RangeNotSatisfiable, e.Message.Split(" (Parameter")[0]);
                return;
            }
            if (answer is null) { await RefuseAsync(context, StatusCodes.Status404NotFound, $"this node does not hold block {block}"); return; }
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/json";
            await JsonSerializer.SerializeAsync(context.Response.Body, answer, ChallengeJson.Default.ChallengeAnswer, context.RequestAborted);
        }
    }

    private static async Task RefuseAsync(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, new ErrorResponse(reason), NodeJson.Default.ErrorResponse, context.RequestAborted);
    }
}
