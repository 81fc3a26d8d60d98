using System.Globalization;
using Fountain.Chain.Identity;
using Fountain.Chain.Rules;
using Fountain.Node.Network;
using Fountain.Node.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Fountain.Node.Api;

/// <summary>Who signed a request: the id (SHA3-256 of the key) and the key itself.</summary>
internal sealed record Signer(string Id, string PublicKeyBase64);

/// <summary>
/// A request whose signature verified, from <paramref name="Signer"/>, whose body must be <paramref name="BodyLength"/>
/// bytes hashing to <paramref name="BodySha3Hex"/>. <paramref name="IsMember"/>: the signer is this node or a member
/// masternode (<see cref="Fountain.Chain.Model.Masternode.IsMemberAt"/>: registered and proven by a storage report).
/// </summary>
internal sealed record AuthenticatedRequest(Signer Signer, bool IsMember, string BodySha3Hex, long BodyLength);

/// <summary>Why a request was refused, as an HTTP status and one sentence, and the kind of attack it counts as (none for plain bad input).</summary>
internal sealed record Refusal(int Status, string Reason, RefusalKind? Kind = null);

/// <summary>
/// Authenticates every request from its headers alone, before any of its body is read and before any slot, disk or
/// replay-cache room is spent on it (issue 12, hole 6): the headers of <see cref="RequestSigning"/> must be present and
/// well formed, the timestamp within the configured skew, the target this node's own canonical endpoint (hole 5: a
/// request made to another node is refused, 421), the declared body no longer than the route takes (413), and the
/// signature must verify over target, method, path-and-query (as sent), body hash and length, timestamp and nonce.
/// Only then is the nonce recorded, in a cache bounded per signer and, for keys that are no member masternode, in a
/// pool of their own (<see cref="NonceCache"/>): 401 for a replay, 429 for a signer over its quota, 503 when the
/// strangers' pool is full. Whether the signer may do what it asks (403) is the endpoint's decision, made after this;
/// the body is then read and held to what was signed (<see cref="CheckBody"/>). Every refusal is counted by kind.
/// </summary>
/// <param name="ownEndpoint">The endpoint this node is registered under (read once the server listens).</param>
internal sealed class RequestAuthenticator(NonceCache nonces, TimeProvider clock, TimeSpan clockSkew, ChainView chain, string nodeId, Func<Uri> ownEndpoint,
    RefusalCounters counters)
{
    private string? _ownPlace;

    public RefusalCounters Counters => counters;

    /// <summary>The node this authenticator accepts requests for, as <see cref="MasternodeEndpoints.PlaceOf"/> of its canonical endpoint.</summary>
    private string OwnPlace => _ownPlace ??= MasternodeEndpoints.PlaceOf(RequestSigning.TargetOf(ownEndpoint()));

    public async Task<(AuthenticatedRequest? Request, Refusal? Refusal)> AuthenticateAsync(HttpContext context, long maxBodyBytes)
    {
        var refusal = Check(context, maxBodyBytes, out var claimed);
        if (refusal is not null) return (null, Count(refusal));
        var signer = new Signer(PublicKeys.IdOf(claimed!.PublicKey), claimed.PublicKeyBase64);
        bool member = signer.Id == nodeId || (await chain.GetMembershipAsync(context.RequestAborted).ConfigureAwait(false)).IsMember(signer.Id);
        refusal = nonces.TryRecord(signer.Id, claimed.Nonce, stranger: !member) switch
        {
            NonceOutcome.Replayed => new(StatusCodes.Status401Unauthorized, "this nonce was already used: the request is a replay", RefusalKind.Replayed),
            NonceOutcome.SignerFull => new(StatusCodes.Status429TooManyRequests,
                $"this signer already has {nonces.EntriesPerSigner} requests within the replay window; try again shortly", RefusalKind.SignerNonceQuota),
            NonceOutcome.Full => new(StatusCodes.Status503ServiceUnavailable,
                "too many requests from keys that are no masternode within the replay window; try again shortly", RefusalKind.StrangerNoncesFull),
            _ => null,
        };
        if (refusal is not null) return (null, Count(refusal));
        return (new AuthenticatedRequest(signer, member, claimed.BodySha3Hex, claimed.BodyLength), null);
    }

    /// <summary>The refusal when a body read as <paramref name="length"/> bytes hashing to <paramref name="sha3Hex"/> is not the one signed; counted.</summary>
    public Refusal? CheckBody(AuthenticatedRequest request, long length, string sha3Hex) =>
        length == request.BodyLength && sha3Hex == request.BodySha3Hex
            ? null
            : Count(new Refusal(StatusCodes.Status400BadRequest,
                $"the body ({length} bytes, SHA3-256 {sha3Hex}) is not the one the signature declares ({request.BodyLength} bytes, {request.BodySha3Hex})",
                RefusalKind.BodyMismatch));

    /// <summary>The refusal (counted) of a body that goes on past the length the signature declares.</summary>
    public Refusal BodyLongerThanSigned(AuthenticatedRequest request) =>
        Count(new Refusal(StatusCodes.Status400BadRequest, $"the body is longer than the {request.BodyLength} bytes the signature declares", RefusalKind.BodyMismatch));

    /// <summary>Counts a refusal an endpoint makes of an authenticated request; returns it.</summary>
    public Refusal Count(Refusal refusal)
    {
        if (refusal.Kind is { } kind) counters.Count(kind);
        return refusal;
    }

    private sealed record Claimed(byte[] PublicKey, string PublicKeyBase64, string Nonce, string BodySha3Hex, long BodyLength);

    private Refusal? Check(HttpContext context, long maxBodyBytes, out Claimed? claimed)
    {
        claimed = null;
        var headers = context.Request.Headers;
        string? key = headers[RequestSigning.KeyHeader], target = headers[RequestSigning.TargetHeader], timestamp = headers[RequestSigning.TimestampHeader],
            nonce = headers[RequestSigning.NonceHeader], bodySha3 = headers[RequestSigning.BodySha3Header], bodyLength = headers[RequestSigning.BodyLengthHeader],
            signature = headers[RequestSigning.SignatureHeader];
        if (key is null || target is null || timestamp is null || nonce is null || bodySha3 is null || bodyLength is null || signature is null)
            return Unsigned($"the request is not signed: it needs the headers {RequestSigning.KeyHeader}, {RequestSigning.TargetHeader}, {RequestSigning.TimestampHeader}, "
                + $"{RequestSigning.NonceHeader}, {RequestSigning.BodySha3Header}, {RequestSigning.BodyLengthHeader} and {RequestSigning.SignatureHeader}");
        if (!PublicKeys.TryDecodeBase64(key, out var publicKey) || !PublicKeys.TryDecodeBase64(signature, out var signatureBytes))
            return Unsigned("the key or the signature is not base64");
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
            return Unsigned("the timestamp is not a number of unix milliseconds");
        if (!RequestSigning.IsWellFormedNonce(nonce)) return Unsigned($"the nonce must be {RequestSigning.NonceHexDigits} lower-case hex digits");
        if (!RequestSigning.IsWellFormedSha3Hex(bodySha3)) return Unsigned($"{RequestSigning.BodySha3Header} must be 64 lower-case hex digits");
        if (!long.TryParse(bodyLength, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            return Unsigned($"{RequestSigning.BodyLengthHeader} must be a non-negative number of bytes");
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        if (Math.Abs(now - milliseconds) > (long)clockSkew.TotalMilliseconds)
            return new(StatusCodes.Status401Unauthorized,
                $"the timestamp is {now - milliseconds} ms from this node's clock; at most {(long)clockSkew.TotalMilliseconds} ms either way is accepted", RefusalKind.Stale);
        if (!MasternodeEndpoints.TryCanonicalize(target, RequestSigning.MaxTargetChars, out var canonicalTarget, out _)
            || MasternodeEndpoints.PlaceOf(canonicalTarget) != OwnPlace)
            return new(StatusCodes.Status421MisdirectedRequest,
                $"the request is signed for {target}, not for this node ({OwnPlace}): a request made to another node is not accepted here", RefusalKind.WrongTarget);
        if (length > maxBodyBytes)
            return new(StatusCodes.Status413PayloadTooLarge, maxBodyBytes == 0 ? "this request takes no body" : $"the body is larger than the limit of {maxBodyBytes} bytes",
                RefusalKind.TooLarge);
        if (context.Request.ContentLength is { } sent && sent != length)
            return new(StatusCodes.Status400BadRequest, $"Content-Length {sent} is not the signed body length {length}", RefusalKind.BodyMismatch);
        var path = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path + context.Request.QueryString).ToString();
        if (!RequestSigning.Verify(publicKey, target, context.Request.Method, path, bodySha3, length, milliseconds, nonce, signatureBytes))
            return new(StatusCodes.Status401Unauthorized,
                "the signature does not verify against the key for this target, method, path, body, timestamp and nonce", RefusalKind.BadSignature);
        claimed = new Claimed(publicKey, key, nonce, bodySha3, length);
        return null;
    }

    private static Refusal Unsigned(string reason) => new(StatusCodes.Status401Unauthorized, reason, RefusalKind.Unsigned);
}
