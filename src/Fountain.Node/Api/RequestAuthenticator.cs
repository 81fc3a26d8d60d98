using System.Globalization;
using Fountain.Chain.Identity;
using Fountain.Node.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Fountain.Node.Api;

/// <summary>Who signed a request: the id (SHA3-256 of the key) and the key itself.</summary>
internal sealed record Signer(string Id, string PublicKeyBase64);

/// <summary>The signature headers of a request, parsed and checked for freshness, before its body is read.</summary>
internal sealed record ClaimedCredentials(byte[] PublicKey, string PublicKeyBase64, long TimestampMilliseconds, string Nonce, byte[] Signature);

/// <summary>Why a request was refused, as an HTTP status and one sentence.</summary>
internal sealed record Refusal(int Status, string Reason);

/// <summary>
/// Authenticates every request in two steps, so that the cheap checks run before a body is read:
/// <see cref="ReadCredentials"/> parses the four <see cref="RequestSigning"/> headers and refuses a timestamp
/// outside the configured skew; <see cref="Verify"/>, given the body's hash, checks the signature over method,
/// path-and-query (as sent), body hash, timestamp and nonce, then records the nonce so the request cannot be
/// replayed. Any failure is 401, except a full nonce cache (503). Whether the signer may do what it asks (403)
/// is the endpoint's decision, made after this.
/// </summary>
internal sealed class RequestAuthenticator(NonceCache nonces, TimeProvider clock, TimeSpan clockSkew)
{
    public ClaimedCredentials? ReadCredentials(HttpRequest request, out Refusal? refusal)
    {
        refusal = null;
        var headers = request.Headers;
        string? key = headers[RequestSigning.KeyHeader], timestamp = headers[RequestSigning.TimestampHeader],
            nonce = headers[RequestSigning.NonceHeader], signature = headers[RequestSigning.SignatureHeader];
        if (key is null || timestamp is null || nonce is null || signature is null)
        {
            refusal = new(StatusCodes.Status401Unauthorized, $"the request is not signed: it needs the headers {RequestSigning.KeyHeader}, {RequestSigning.TimestampHeader}, {RequestSigning.NonceHeader} and {RequestSigning.SignatureHeader}");
            return null;
        }
        if (!PublicKeys.TryDecodeBase64(key, out var publicKey) || !PublicKeys.TryDecodeBase64(signature, out var signatureBytes))
        {
            refusal = new(StatusCodes.Status401Unauthorized, "the key or the signature is not base64");
            return null;
        }
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            refusal = new(StatusCodes.Status401Unauthorized, "the timestamp is not a number of unix milliseconds");
            return null;
        }
        if (!RequestSigning.IsWellFormedNonce(nonce))
        {
            refusal = new(StatusCodes.Status401Unauthorized, $"the nonce must be {RequestSigning.NonceHexDigits} lower-case hex digits");
            return null;
        }
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (Math.Abs(now - milliseconds) > (long)clockSkew.TotalMilliseconds)
        {
            refusal = new(StatusCodes.Status401Unauthorized, $"the timestamp is {now - milliseconds} ms from this node's clock; at most {(long)clockSkew.TotalMilliseconds} ms either way is accepted");
            return null;
        }
        return new ClaimedCredentials(publicKey, key, milliseconds, nonce, signatureBytes);
    }

    public Signer? Verify(HttpContext context, ClaimedCredentials credentials, string bodySha3Hex, out Refusal? refusal)
    {
        refusal = null;
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path + context.Request.QueryString).ToString();
        if (!RequestSigning.Verify(credentials.PublicKey, context.Request.Method, target, bodySha3Hex, credentials.TimestampMilliseconds, credentials.Nonce, credentials.Signature))
        {
            refusal = new(StatusCodes.Status401Unauthorized, "the signature does not verify against the key for this method, path, body, timestamp and nonce");
            return null;
        }
        var signer = new Signer(PublicKeys.IdOf(credentials.PublicKey), credentials.PublicKeyBase64);
        switch (nonces.TryRecord(signer.Id, credentials.Nonce))
        {
            case NonceOutcome.Replayed:
                refusal = new(StatusCodes.Status401Unauthorized, "this nonce was already used: the request is a replay");
                return null;
            case NonceOutcome.Full:
                refusal = new(StatusCodes.Status503ServiceUnavailable, "too many requests within the replay window; try again shortly");
                return null;
            default:
                return signer;
        }
    }
}
