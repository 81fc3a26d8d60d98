using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Fountain.Chain.Identity;
using Fountain.Codec.Hashing;
using Fountain.Node.Protocol;

namespace Fountain.Node.Client;

/// <summary>The primary's side of POST /healing/verify: a signed request to one custody verifier, bounded by the request timeout.</summary>
internal static class HealingClient
{
    public const string VerifyPath = "/healing/verify";

    /// <param name="timeout">
    /// How long the verifier may take: it decodes the archive and encodes the new blocks again before it signs (issue 12,
    /// hole 1), so a large artwork needs longer than an ordinary request.
    /// </param>
    public static async Task<VerifyAmendmentResponse> VerifyAsync(HttpClient http, Uri endpoint, NodeKey signer, TimeProvider clock, TimeSpan timeout,
        VerifyAmendmentRequest request, CancellationToken cancellation)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, HealingJson.Default.VerifyAmendmentRequest);
        using var message = RequestSigning.CreateRequest(signer, HttpMethod.Post, endpoint, VerifyPath, Sha3.HashHex(body), body.Length, clock.GetUtcNow().ToUnixTimeMilliseconds(),
            new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            throw new NodeRequestException(endpoint, null, e is OperationCanceledException ? "the verifier did not answer in time" : e.Message, e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                string reason;
                try { reason = JsonSerializer.Deserialize(text, NodeJson.Default.ErrorResponse)?.Error ?? text; }
                catch (JsonException) { reason = text; }
                throw new NodeRequestException(endpoint, response.StatusCode, reason);
            }
            return JsonSerializer.Deserialize(text, HealingJson.Default.VerifyAmendmentResponse)
                ?? throw new NodeRequestException(endpoint, response.StatusCode, "the verifier answered null");
        }
    }
}
