using System.Security.Cryptography;

namespace Fountain.Codec.Legacy;

/// <summary>SHA3-256 for the legacy codec, failing with a clear message where the platform lacks it.</summary>
internal static class Sha3
{
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
    {
        EnsureSupported();
        SHA3_256.HashData(data, digest);
    }

    public static string HashHex(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[PastelV0Format.HashBytes];
        Hash(data, digest);
        return Convert.ToHexStringLower(digest);
    }

    private static void EnsureSupported()
    {
        if (!SHA3_256.IsSupported)
        {
            throw new PlatformNotSupportedException(
                "SHA3-256 is not available on this platform (it needs OpenSSL 1.1.1 or later on Linux); " +
                "pastel-v0 blocks cannot be written or verified without it.");
        }
    }
}
