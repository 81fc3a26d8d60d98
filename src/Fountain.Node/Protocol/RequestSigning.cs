using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Fountain.Chain.Identity;
using Fountain.Codec.Hashing;

namespace Fountain.Node.Protocol;

/// <summary>The four headers that authenticate a request to a masternode.</summary>
public sealed record RequestCredentials(string PublicKeyBase64, long TimestampMilliseconds, string Nonce, string SignatureBase64);

/// <summary>
/// The one definition of how a request to a masternode is signed, used by the server (<see cref="Api.RequestAuthenticator"/>)
/// and by <see cref="Client.NodeClient"/>. The signature (ECDSA P-256, P1363, by <see cref="NodeKey"/>) covers the UTF-8 bytes of
/// <code>"fountain/req/v1\n" + METHOD + "\n" + path-and-query + "\n" + hex SHA3-256 of the body + "\n" + timestamp + "\n" + nonce</code>
/// with the timestamp in unix milliseconds (decimal) and the nonce as 32 lower-case hex digits (16 random bytes).
/// A request without a body hashes the empty body. The timestamp bounds how long a captured request stays
/// usable; the nonce makes it usable once.
/// </summary>
public static class RequestSigning
{
    public const string KeyHeader = "Fountain-Key";
    public const string TimestampHeader = "Fountain-Timestamp";
    public const string NonceHeader = "Fountain-Nonce";
    public const string SignatureHeader = "Fountain-Signature";

    public const int NonceHexDigits = 32;

    private const string Domain = "fountain/req/v1\n";

    /// <summary>Hex SHA3-256 of the empty body.</summary>
    public static string EmptyBodyHashHex { get; } = Sha3.HashHex([]);

    /// <summary>The exact bytes a signature covers.</summary>
    public static byte[] SignedBytes(string method, string pathAndQuery, string bodyHashHex, long timestampMilliseconds, string nonce) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{Domain}{method.ToUpperInvariant()}\n{pathAndQuery}\n{bodyHashHex}\n{timestampMilliseconds}\n{nonce}"));

    /// <summary>Signs a request with a fresh random nonce.</summary>
    public static RequestCredentials Sign(NodeKey key, string method, string pathAndQuery, string bodyHashHex, long timestampMilliseconds) =>
        Sign(key, method, pathAndQuery, bodyHashHex, timestampMilliseconds, NewNonce());

    public static RequestCredentials Sign(NodeKey key, string method, string pathAndQuery, string bodyHashHex, long timestampMilliseconds, string nonce)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signature = key.Sign(SignedBytes(method, pathAndQuery, bodyHashHex, timestampMilliseconds, nonce));
        return new RequestCredentials(key.PublicKeyBase64, timestampMilliseconds, nonce, Convert.ToBase64String(signature));
    }

    /// <summary>
    /// A request to the masternode at <paramref name="endpoint"/>, signed by <paramref name="key"/> with a fresh nonce,
    /// the credentials in the four headers, over HTTP/2 only (the API is h2c). <paramref name="bodyHashHex"/> must be
    /// the hash of <paramref name="content"/>'s bytes (<see cref="EmptyBodyHashHex"/> without a body).
    /// </summary>
    public static HttpRequestMessage CreateRequest(NodeKey key, HttpMethod method, Uri endpoint, string pathAndQuery, string bodyHashHex,
        long timestampMilliseconds, HttpContent? content = null)
    {
        var credentials = Sign(key, method.Method, pathAndQuery, bodyHashHex, timestampMilliseconds);
        var request = new HttpRequestMessage(method, new Uri(endpoint, pathAndQuery))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.Add(KeyHeader, credentials.PublicKeyBase64);
        request.Headers.Add(TimestampHeader, credentials.TimestampMilliseconds.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(NonceHeader, credentials.Nonce);
        request.Headers.Add(SignatureHeader, credentials.SignatureBase64);
        return request;
    }

    /// <summary>True when the signature is the key's over exactly these request parts.</summary>
    public static bool Verify(byte[] publicKey, string method, string pathAndQuery, string bodyHashHex, long timestampMilliseconds, string nonce, byte[] signature) =>
        PublicKeys.Verify(publicKey, SignedBytes(method, pathAndQuery, bodyHashHex, timestampMilliseconds, nonce), signature);

    /// <summary>16 bytes from the operating system's cryptographic generator, as hex: unpredictable, so never seeded.</summary>
    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(NonceHexDigits / 2));

    public static bool IsWellFormedNonce(string? nonce) =>
        nonce is { Length: NonceHexDigits } && nonce.All(char.IsAsciiHexDigitLower);
}
