namespace Fountain.Codec.Hashing;

/// <summary>
/// SHA3-256 (FIPS 202), the hash the seeds name for artwork and block ids: the platform's where it has one,
/// BouncyCastle's where it does not (<see cref="Sha3Engine"/>). Both give the same bytes; there is no fallback to
/// another hash, because ids computed differently would not match the network's.
/// </summary>
public static class Sha3
{
    /// <summary>Which implementation this process uses: "platform" or "BouncyCastle" (for bench and status output).</summary>
    public static string ImplementationName => Sha3Engine.Default.Name;

    public static Hash256 Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[Hash256.Size];
        Sha3Engine.Default.Hash(data, digest);
        return new Hash256(digest);
    }

    /// <summary>Writes the digest of <paramref name="data"/> into <paramref name="digest"/> (32 bytes).</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest) => Sha3Engine.Default.Hash(data, digest);

    public static string HashHex(ReadOnlySpan<byte> data) => Hash(data).ToString();

    public static Hash256 Hash(Stream stream)
    {
        Span<byte> digest = stackalloc byte[Hash256.Size];
        Sha3Engine.Default.Hash(stream, digest);
        return new Hash256(digest);
    }

    /// <summary>An incremental hasher, for data that arrives in pieces (an archive being written, a block header then its payload).</summary>
    public static Sha3Hasher CreateIncremental() => Sha3Engine.Default.CreateHasher();

    public static Hash256 Finish(Sha3Hasher hasher)
    {
        Span<byte> digest = stackalloc byte[Hash256.Size];
        hasher.GetHashAndReset(digest);
        return new Hash256(digest);
    }
}
