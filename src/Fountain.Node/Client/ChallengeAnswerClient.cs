using System.Globalization;
using System.Net;
using System.Text.Json;
using Fountain.Chain.Identity;
using Fountain.Node.Protocol;

namespace Fountain.Node.Client;

/// <summary>
/// Asks a target for its signed answer to a challenge: <c>POST /challenges/answer?epoch&amp;artwork&amp;block&amp;offset&amp;length</c>,
/// signed by the challenger like every node request (<see cref="RequestSigning"/>). 404 means the target does not
/// hold the block; any other refusal or failure throws <see cref="NodeRequestException"/>.
/// </summary>
internal static class ChallengeAnswerClient
{
    public const string Path = "/challenges/answer";

    /// <summary>Largest answer read: a hash and a signature in JSON are a few hundred bytes.</summary>
    private const int MaxAnswerBytes = 4096;

    public static string PathAndQuery(StorageChallenge c) => string.Create(CultureInfo.InvariantCulture,
        $"{Path}?epoch={c.EpochHeight}&artwork={c.ArtworkId}&block={c.BlockId}&offset={c.Offset}&length={c.Length}");

    public static async Task<ChallengeAnswer?> AskAsync(HttpClient http, Uri endpoint, NodeKey challenger, TimeProvider clock, StorageChallenge challenge, CancellationToken cancellation)
    {
        var pathAndQuery = PathAndQuery(challenge);
        using var request = RequestSigning.CreateRequest(challenger, HttpMethod.Post, endpoint, pathAndQuery, RequestSigning.EmptyBodyHashHex, 0, clock.GetUtcNow().ToUnixTimeMilliseconds());
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new NodeRequestException(endpoint, null, e.Message, e);
        }
        using (response)
        {
            if (response.StatusCode == HttpStatusCode.NotFound) return null;
            if (response.Content.Headers.ContentLength is > MaxAnswerBytes) throw new NodeRequestException(endpoint, response.StatusCode, "the answer is too long");
            var body = await response.Content.ReadAsByteArrayAsync(cancellation).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode || body.Length > MaxAnswerBytes)
                throw new NodeRequestException(endpoint, response.StatusCode, $"the target refused the challenge ({(int)response.StatusCode})");
            try
            {
                return JsonSerializer.Deserialize(body, ChallengeJson.Default.ChallengeAnswer) ?? throw new JsonException("null");
            }
            catch (JsonException e)
            {
                throw new NodeRequestException(endpoint, response.StatusCode, $"the answer is not valid JSON: {e.Message}", e);
            }
        }
    }
}
