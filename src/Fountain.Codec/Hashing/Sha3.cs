using System.Security.Cryptography;

namespace Fountain.Codec.Hashing;

/// <summary>
/// SHA3-256 through the platform (OpenSSL 3 on Linux). The seeds name SHA3-256 for artwork and block ids;
/// there is no silent fallback to another hash, because ids computed differently would not match the network's.
/// </summary>
public static class Sha3
{
    public static Hash256 Hash(ReadOnlySpan<byte> data)
    {
        EnsureSupported();
        Span<byte> digest = stackalloc byte[Hash256.Size];
        SHA3_256.HashData(data, digest);
        return new Hash256(digest);
    }

    /// <summary>Writes the digest of <paramref name="data"/> into <paramref name="digest"/> (32 bytes).</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        EnsureSupported();
        SHA3_256.HashData(data, digest);
    }

    public static string HashHex(ReadOnlySpan<byte> data) => Hash(data).ToString();

    public static Hash256 Hash(Stream stream)
    {
        EnsureSupported();
        Span<byte> digest = stackalloc byte[Hash256.Size];
        SHA3_256.HashData(stream, digest);
        return new Hash256(digest);
    }

    /// <summary>An incremental hasher, for data that arrives in pieces (an archive being written, a block header then its payload).</summary>
    public static IncrementalHash CreateIncremental()
    {
        EnsureSupported();
        return IncrementalHash.CreateHash(HashAlgorithmName.SHA3_256);
    }

    public static Hash256 Finish(IncrementalHash hasher)
    {
        Span<byte> digest = stackalloc byte[Hash256.Size];
        hasher.GetHashAndReset(digest);
        return new Hash256(digest);
    }

    public static void EnsureSupported()
    {
        if (!SHA3_256.IsSupported)
            throw new PlatformNotSupportedException(
                "SHA3-256 is not available on this platform (it needs OpenSSL 1.1.1 or later on Linux). Fountain's ids are SHA3-256 and have no substitute.");
    }
}
