using System.Security.Cryptography;
using Fountain.Codec.Hashing;

namespace Fountain.Chain.Identity;

/// <summary>Checks signatures made by a <see cref="NodeKey"/>, given only the public key.</summary>
public static class PublicKeys
{
    public const int SignatureBytes = 64;

    /// <summary>The id of an identity: SHA3-256 of its SubjectPublicKeyInfo, hex.</summary>
    public static string IdOf(ReadOnlySpan<byte> subjectPublicKeyInfo) => Sha3.HashHex(subjectPublicKeyInfo);

    /// <summary>
    /// True only for a well-formed P-256 public key and a valid P1363 signature of <paramref name="data"/>. Any
    /// malformed input is a plain false: callers treat it as "not signed by that key".
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> subjectPublicKeyInfo, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureBytes || subjectPublicKeyInfo.Length is 0 or > 512) return false;
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out int read);
            if (read != subjectPublicKeyInfo.Length || key.KeySize != 256) return false;
            return key.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (Exception e) when (e is CryptographicException or PlatformNotSupportedException) // an unknown curve OID (found by fuzzing)
        {
            return false;
        }
    }

    public static bool TryDecodeBase64(string? text, out byte[] bytes)
    {
        bytes = [];
        if (string.IsNullOrEmpty(text) || text.Length > 4096) return false;
        try { bytes = Convert.FromBase64String(text); return true; }
        catch (FormatException) { return false; }
    }
}
