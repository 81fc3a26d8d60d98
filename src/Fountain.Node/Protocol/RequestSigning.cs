using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Fountain.Chain.Identity;
using Fountain.Chain.Rules;
using Fountain.Codec.Hashing;

namespace Fountain.Node.Protocol;

/// <summary>
/// The headers that authenticate a request to a masternode: who signs (<paramref name="PublicKeyBase64"/>), which node
/// it is for (<paramref name="Target"/>, that node's canonical endpoint), when, a nonce, the body's SHA3-256 and length,
/// and the signature over all of them with the method and path.
/// </summary>
public sealed record RequestCredentials(string PublicKeyBase64, string Target, long TimestampMilliseconds, string Nonce, string BodySha3Hex, long BodyLength,
    string SignatureBase64);

/// <summary>
/// The one definition of how a request to a masternode is signed, used by the server (<see cref="Api.RequestAuthenticator"/>)
/// and by every client (<see cref="Client.NodeClient"/>, the healing and challenge clients). The signature (ECDSA P-256,
/// P1363, by <see cref="NodeKey"/>) covers the UTF-8 bytes of
/// <code>"fountain/req/v2\n" + target + "\n" + METHOD + "\n" + path-and-query + "\n" + hex SHA3-256 of the body + "\n" + body length + "\n" + timestamp + "\n" + nonce</code>
/// with the timestamp in unix milliseconds (decimal) and the nonce as 32 lower-case hex digits (16 random bytes).
/// <list type="bullet">
/// <item>The target is the canonical endpoint of the node the request is for (<see cref="TargetOf"/>, the chain's
/// <see cref="MasternodeEndpoints"/> spelling): a request captured on its way to one node, or by the node itself, is
/// refused by every other (issue 12, hole 5: a whole store session could be replayed on three nodes).</item>
/// <item>The body's hash and length travel in headers and are signed, so the server checks the signature, and who
/// signed, before it reads a byte of the body, and then checks the body against them (issue 12, hole 6: forged uploads
/// took store slots and disk before their signature was checked).</item>
/// </list>
/// The timestamp bounds how long a captured request stays usable; the nonce makes it usable once.
/// </summary>
public static class RequestSigning
{
    public const string KeyHeader = "Fountain-Key";
    public const string TargetHeader = "Fountain-Target";
    public const string TimestampHeader = "Fountain-Timestamp";
    public const string NonceHeader = "Fountain-Nonce";
    public const string BodySha3Header = "Fountain-Body-Sha3";
    public const string BodyLengthHeader = "Fountain-Body-Length";
    public const string SignatureHeader = "Fountain-Signature";

    public const int NonceHexDigits = 32;

    /// <summary>Longest target accepted: the chain's limit on a registered endpoint is far below it.</summary>
    public const int MaxTargetChars = 512;

    private const string Domain = "fountain/req/v2\n";

    /// <summary>Hex SHA3-256 of the empty body.</summary>
    public static string EmptyBodyHashHex { get; } = Sha3.HashHex([]);

    /// <summary>
    /// The target a request to <paramref name="endpoint"/> names: the canonical spelling of its scheme, host and port
    /// (<see cref="MasternodeEndpoints.TryCanonicalize"/>), so that client and server agree however the URL was written.
    /// An endpoint the chain would refuse is named by its scheme and authority as written; no node will match it.
    /// </summary>
    public static string TargetOf(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var root = endpoint.GetLeftPart(UriPartial.Authority) + "/";
        return MasternodeEndpoints.TryCanonicalize(root, MaxTargetChars, out var canonical, out _) ? canonical : root;
    }

    /// <summary>The exact bytes a signature covers.</summary>
    public static byte[] SignedBytes(string target, string method, string pathAndQuery, string bodySha3Hex, long bodyLength, long timestampMilliseconds, string nonce) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{Domain}{target}\n{method.ToUpperInvariant()}\n{pathAndQuery}\n{bodySha3Hex}\n{bodyLength}\n{timestampMilliseconds}\n{nonce}"));

    /// <summary>Signs a request with a fresh random nonce.</summary>
    public static RequestCredentials Sign(NodeKey key, string target, string method, string pathAndQuery, string bodySha3Hex, long bodyLength, long timestampMilliseconds) =>
        Sign(key, target, method, pathAndQuery, bodySha3Hex, bodyLength, timestampMilliseconds, NewNonce());

    public static RequestCredentials Sign(NodeKey key, string target, string method, string pathAndQuery, string bodySha3Hex, long bodyLength, long timestampMilliseconds,
        string nonce)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.Sign(SignedBytes(target, method, pathAndQuery, bodySha3Hex, bodyLength, timestampMilliseconds, nonce));
        return new RequestCredentials(key.PublicKeyBase64, target, timestampMilliseconds, nonce, bodySha3Hex, bodyLength, Convert.ToBase64String(signature));
    }

    /// <summary>
    /// A request to the masternode at <paramref name="endpoint"/>, signed by <paramref name="key"/> for that node with a
    /// fresh nonce, the credentials in the headers, over HTTP/2 only (the API is h2c). <paramref name="bodySha3Hex"/> and
    /// <paramref name="bodyLength"/> must describe <paramref name="content"/>'s bytes (<see cref="EmptyBodyHashHex"/> and 0 without a body).
    /// </summary>
    public static HttpRequestMessage CreateRequest(NodeKey key, HttpMethod method, Uri endpoint, string pathAndQuery, string bodySha3Hex, long bodyLength,
        long timestampMilliseconds, HttpContent? content = null)
    {
        var credentials = Sign(key, TargetOf(endpoint), method.Method, pathAndQuery, bodySha3Hex, bodyLength, timestampMilliseconds);
        var request = new HttpRequestMessage(method, new Uri(endpoint, pathAndQuery))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        AddHeaders(request, credentials);
        return request;
    }

    /// <summary>Puts <paramref name="credentials"/> into the request's headers.</summary>
    public static void AddHeaders(HttpRequestMessage request, RequestCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        request.Headers.Add(KeyHeader, credentials.PublicKeyBase64);
        request.Headers.Add(TargetHeader, credentials.Target);
        request.Headers.Add(TimestampHeader, credentials.TimestampMilliseconds.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(NonceHeader, credentials.Nonce);
        request.Headers.Add(BodySha3Header, credentials.BodySha3Hex);
        request.Headers.Add(BodyLengthHeader, credentials.BodyLength.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, credentials.SignatureBase64);
    }

    /// <summary>True when the signature is the key's over exactly these request parts.</summary>
    public static bool Verify(byte[] publicKey, string target, string method, string pathAndQuery, string bodySha3Hex, long bodyLength, long timestampMilliseconds,
        string nonce, byte[] signature) =>
        PublicKeys.Verify(publicKey, SignedBytes(target, method, pathAndQuery, bodySha3Hex, bodyLength, timestampMilliseconds, nonce), signature);

    /// <summary>16 bytes from the operating system's cryptographic generator, as hex: unpredictable, so never seeded.</summary>
    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(NonceHexDigits / 2));

    public static bool IsWellFormedNonce(string? nonce) =>
        nonce is { Length: NonceHexDigits } && nonce.All(char.IsAsciiHexDigitLower);

    /// <summary>64 lower-case hex digits, the way every body hash is written.</summary>
    public static bool IsWellFormedSha3Hex(string? hex) =>
        hex is { Length: Hash256.Size * 2 } && hex.All(char.IsAsciiHexDigitLower);
}
