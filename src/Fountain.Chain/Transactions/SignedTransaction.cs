using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fountain.Chain.Identity;
using Fountain.Codec.Hashing;

namespace Fountain.Chain.Transactions;

/// <summary>
/// A transaction as it travels: its JSON body exactly as signed (so no re-serialisation can change what the
/// signature covers), the signer's public key and the signature over "fountain/tx/v1\n" ‖ body (UTF-8).
/// <para>
/// The transaction id (v2) is SHA3-256("fountain/tx-id/v2\n" ‖ key length (4 bytes, big-endian) ‖ the signer's
/// public key (SubjectPublicKeyInfo bytes) ‖ "fountain/tx/v1\n" ‖ body): the signed body and who signed it. The v1 id
/// hashed the signed bytes alone, so two signers' identical bodies (same chain, same nonce, same payload: two fresh
/// keys asking the faucet for the same amount) shared an id, and a height's hash, which hashes its transaction ids,
/// did not say who had signed. The key is hashed as decoded bytes, so spellings of the same base64 give one id.
/// </para>
/// <para>
/// The signature is left out on purpose. ECDSA signatures are malleable (for a valid (r, s), (r, n − s) verifies too)
/// and randomised, so anyone relaying a transaction could mint another valid signature, and an owner re-signing the
/// same body after a timeout would make another; with the signature in the id, one transaction would have many ids
/// and a client could not find its own. Body and key already fix what the transaction does and for whom (the nonce
/// makes each signer's bodies unique), and the chain checks the signature before it accepts anything; the log keeps
/// the signature beside the id as evidence.
/// </para>
/// </summary>
public sealed record SignedTransaction(string Body, string SignerPublicKey, string Signature)
{
    private static readonly byte[] Domain = "fountain/tx/v1\n"u8.ToArray();
    private static readonly byte[] IdDomain = "fountain/tx-id/v2\n"u8.ToArray();

    /// <summary>Bodies are small; anything larger is refused before it is parsed.</summary>
    public const int MaxBodyBytes = 1 << 20;

    public static SignedTransaction Create(Transaction transaction, NodeKey signer)
    {
        var body = JsonSerializer.Serialize(transaction, ChainJson.Default.Transaction);
        return new SignedTransaction(body, signer.PublicKeyBase64, Convert.ToBase64String(signer.Sign(SignedBytes(body))));
    }

    public string Id => IdOf(Body ?? "", SignerPublicKey);

    /// <summary>
    /// The v2 id of <paramref name="body"/> signed by <paramref name="signerPublicKey"/> (see the type's remarks). A key
    /// that is not base64 (a transaction the chain will reject) is hashed as its UTF-8 text, marked by a length with the
    /// top bit set, so that every submission still has an id and no text can pass for a decoded key.
    /// </summary>
    public static string IdOf(string body, string? signerPublicKey)
    {
        ArgumentNullException.ThrowIfNull(body);
        var decoded = PublicKeys.TryDecodeBase64(signerPublicKey, out var key);
        if (!decoded) key = Encoding.UTF8.GetBytes(signerPublicKey ?? "");
        using var sha = Sha3.CreateIncremental();
        sha.AppendData(IdDomain);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)key.Length | (decoded ? 0u : 0x8000_0000u));
        sha.AppendData(length);
        sha.AppendData(key);
        sha.AppendData(SignedBytes(body));
        return Sha3.Finish(sha).ToString();
    }

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
