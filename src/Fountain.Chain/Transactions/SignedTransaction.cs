using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fountain.Chain.Identity;
using Fountain.Codec.Hashing;

namespace Fountain.Chain.Transactions;

/// <summary>
/// A transaction as it travels: its JSON body exactly as signed (so no re-serialisation can change what the
/// signature covers), the signer's public key and the signature over "fountain/tx/v1\n" ‖ body (UTF-8).
/// The transaction id is the SHA3-256 of the signed bytes.
/// </summary>
public sealed record SignedTransaction(string Body, string SignerPublicKey, string Signature)
{
    private static readonly byte[] Domain = "fountain/tx/v1\n"u8.ToArray();

    /// <summary>Bodies are small; anything larger is refused before it is parsed.</summary>
    public const int MaxBodyBytes = 1 << 20;

    public static SignedTransaction Create(Transaction transaction, NodeKey signer)
    {
        var body = JsonSerializer.Serialize(transaction, ChainJson.Default.Transaction);
        return new SignedTransaction(body, signer.PublicKeyBase64, Convert.ToBase64String(signer.Sign(SignedBytes(body))));
    }

    public string Id => Sha3.HashHex(SignedBytes(Body));

    /// <summary>The signer's id (SHA3-256 of its public key), or null if the key is not even base64.</summary>
    public string? SignerId => PublicKeys.TryDecodeBase64(SignerPublicKey, out var key) ? PublicKeys.IdOf(key) : null;

    /// <summary>Checks the signature and parses the body. Returns the reason when either fails.</summary>
    public bool TryOpen(out Transaction? transaction, out string? rejection)
    {
        transaction = null;
        if (Encoding.UTF8.GetByteCount(Body) > MaxBodyBytes) { rejection = $"the body is larger than {MaxBodyBytes} bytes"; return false; }
        if (!PublicKeys.TryDecodeBase64(SignerPublicKey, out var key) || !PublicKeys.TryDecodeBase64(Signature, out var signature)
            || !PublicKeys.Verify(key, SignedBytes(Body), signature))
        {
            rejection = "the signature does not verify against the signer's public key";
            return false;
        }
        try { transaction = JsonSerializer.Deserialize(Body, ChainJson.Default.Transaction); }
        catch (JsonException e) { rejection = $"the body is not a transaction: {e.Message}"; return false; }
        if (transaction?.Payload is null) { rejection = "the body has no payload"; return false; }
        rejection = null;
        return true;
    }

    private static byte[] SignedBytes(string body)
    {
        var bytes = new byte[Domain.Length + Encoding.UTF8.GetByteCount(body)];
        Domain.CopyTo(bytes, 0);
        Encoding.UTF8.GetBytes(body, bytes.AsSpan(Domain.Length));
        return bytes;
    }
}
