using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Fountain.Chain.Identity;
using Fountain.Codec.Hashing;
using Fountain.Node.Protocol;

namespace Fountain.Node.Client;

/// <summary>
/// One signed request with an optional JSON body and a JSON answer, within a timeout: the shape of the small node-to-node
/// calls (a heal's verification, cluster management). A refusal throws <see cref="NodeRequestException"/> with the
/// node's stated reason; so does no answer in time (named after <paramref name="who"/> in the message).
/// </summary>
internal static class SignedJsonCall
{
    /// <param name="alsoAccepted">A refusal status whose body is still an answer of type <typeparamref name="T"/> (cluster commands: 409).</param>
    public static async Task<T> SendAsync<T>(HttpClient http, NodeKey signer, TimeProvider clock, Uri endpoint, HttpMethod method, string path, byte[]? body,
        JsonTypeInfo<T> answer, TimeSpan timeout, string who, CancellationToken cancellation, HttpStatusCode? alsoAccepted = null)
    {
        var content = body is null ? null : new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        using var message = RequestSigning.CreateRequest(signer, method, endpoint, path, body is null ? RequestSigning.EmptyBodyHashHex : Sha3.HashHex(body),
            body?.Length ?? 0, clock.GetUtcNow().ToUnixTimeMilliseconds(), content);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellation.IsCancellationRequested)
        {
            throw new NodeRequestException(endpoint, null, e is OperationCanceledException ? $"the {who} did not answer in time" : e.Message, e);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode || response.StatusCode == alsoAccepted)
                return JsonSerializer.Deserialize(text, answer) ?? throw new NodeRequestException(endpoint, response.StatusCode, $"the {who} answered null");
            string reason;
            try { reason = JsonSerializer.Deserialize(text, NodeJson.Default.ErrorResponse)?.Error ?? text; }
            catch (JsonException) { reason = text; }
            throw new NodeRequestException(endpoint, response.StatusCode, reason);
        }
    }
}
