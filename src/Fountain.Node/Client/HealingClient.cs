using System.Text.Json;
using Fountain.Chain.Identity;
using Fountain.Node.Protocol;

namespace Fountain.Node.Client;

/// <summary>The primary's side of POST /healing/verify: a signed request to one custody verifier, within the given timeout.</summary>
internal static class HealingClient
{
    public const string VerifyPath = "/healing/verify";

    /// <param name="timeout">
    /// How long the verifier may take: it decodes the archive and encodes the new blocks again before it signs (issue 12,
    /// hole 1), so a large artwork needs longer than an ordinary request.
    /// </param>
    public static Task<VerifyAmendmentResponse> VerifyAsync(HttpClient http, Uri endpoint, NodeKey signer, TimeProvider clock, TimeSpan timeout,
        VerifyAmendmentRequest request, CancellationToken cancellation) =>
        SignedJsonCall.SendAsync(http, signer, clock, endpoint, HttpMethod.Post, VerifyPath, JsonSerializer.SerializeToUtf8Bytes(request, HealingJson.Default.VerifyAmendmentRequest),
            HealingJson.Default.VerifyAmendmentResponse, timeout, "verifier", cancellation);
}
