using System.Globalization;
using System.Text;
using Fountain.Chain.Identity;
using Fountain.Codec.Fuzzing;
using Fountain.Codec.Hashing;
using Fountain.Node.Protocol;

namespace Fountain.Cli.Fuzzing;

/// <summary>
/// Fuzzes the parsing and verification of signed requests to a masternode. The node's RequestAuthenticator is
/// internal to Fountain.Node and reads an ASP.NET HttpRequest and a clock, so this target runs the same steps on
/// the pure public functions they consist of, in the same order: the key and signature from base64
/// (<see cref="PublicKeys.TryDecodeBase64"/>), the timestamp as unsigned decimal, the nonce's shape
/// (<see cref="RequestSigning.IsWellFormedNonce"/>), the signer's id, the body's SHA3-256 and length, and
/// <see cref="RequestSigning.Verify"/> for a fixed target node. (The clock and replay checks are not parsing and are left out.)
///
/// An input is a request as text lines, "METHOD\npath-and-query\nkey\ntimestamp\nnonce\nsignature\n", then the body.
/// Seeds are two requests signed once with a throw-away key (constants, so that runs are reproducible: ECDSA
/// signatures are randomised). Nothing may throw: every refusal is a plain false. The invariant: a request that
/// verifies must be one that was signed, the same method, path, body, timestamp, nonce and key.
/// </summary>
internal sealed class RequestFuzzTarget : IFuzzTarget
{
    private const string Key = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEmJ68H2WDRmvxQFAgpk03YOsPX+WmDbWzGecZ8xxQIHArYeBgMg+C2pqDv6fD1cqhsThF5Yuq+zBbvAaUjF0jeQ==";
    /// <summary>The node every seed is signed for (the signed target); mutations do not change it.</summary>
    private const string Target = "http://127.0.0.1:7100/";
    private static readonly byte[] PutBody = "fountain fuzz body"u8.ToArray();

    private static readonly (string Method, string Path, string Timestamp, string Nonce, string Signature, byte[] Body)[] Signed =
    [
        ("PUT", "/blocks/" + new string('a', 64), "1767225600000", "0123456789abcdef0123456789abcdef",
            "DQLwlHeG3xSPG/dZam21NiQ1ITKSG0ORCZE+XjMvEg53o8Kq4ZB7AmIQpivzchLhfeLnI7npMOh7mQnsqFZ2CQ==", PutBody),
        ("GET", "/blocks/" + new string('b', 64) + "?range=0-99", "1767225600001", "fedcba9876543210fedcba9876543210",
            "/+F9NGynapdVJFrCFLhs32YTsvCL+7CU2wgSfhrvCqASjFND3xNs5h6yWYNHJ/A0O1ImJXfbqSqN65SRaEIJIQ==", []),
    ];

    public string Name => "request";

    public IReadOnlyList<byte[]> Seeds { get; } = Signed
        .Select(r => (byte[])[.. Encoding.UTF8.GetBytes($"{r.Method}\n{r.Path}\n{Key}\n{r.Timestamp}\n{r.Nonce}\n{r.Signature}\n"), .. r.Body])
        .ToArray();

    /// <summary>Line boundaries move with mutations; the start of the timestamp line of the first seed is a fair guess.</summary>
    public IReadOnlyList<int> FieldOffsets { get; } = [0, 4, 80, 190];

    public bool IsDocumented(Exception exception) => false;

    public FuzzOutcome Run(byte[] input)
    {
        var fields = new string[6];
        int start = 0;
        for (int i = 0; i < fields.Length; i++)
        {
            int end = Array.IndexOf(input, (byte)'\n', start);
            if (end < 0) return FuzzOutcome.Rejected; // not six header lines: no request to parse
            fields[i] = Encoding.UTF8.GetString(input, start, end - start);
            start = end + 1;
        }
        var (method, path, key, timestamp, nonce, signature) = (fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
        var body = input.AsSpan(start);

        if (!PublicKeys.TryDecodeBase64(key, out var publicKey) || !PublicKeys.TryDecodeBase64(signature, out var signatureBytes)) return FuzzOutcome.Rejected;
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)) return FuzzOutcome.Rejected;
        if (!RequestSigning.IsWellFormedNonce(nonce)) return FuzzOutcome.Rejected;
        _ = PublicKeys.IdOf(publicKey);
        var bodyHash = Sha3.HashHex(body);
        if (!RequestSigning.Verify(publicKey, Target, method, path, bodyHash, body.Length, milliseconds, nonce, signatureBytes)) return FuzzOutcome.Rejected;

        bool wasSigned = key == Key || Convert.ToBase64String(publicKey) == Key;
        wasSigned &= Signed.Any(r => r.Method == method.ToUpperInvariant() && r.Path == path && long.Parse(r.Timestamp, CultureInfo.InvariantCulture) == milliseconds
            && r.Nonce == nonce && Sha3.HashHex(r.Body) == bodyHash);
        if (!wasSigned) throw new FuzzViolation($"a request that was never signed verified: {method} {path}, timestamp {milliseconds}, nonce {nonce}");
        return FuzzOutcome.Accepted;
    }
}
