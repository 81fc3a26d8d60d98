using System.Buffers;
using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;

namespace Fountain.Codec.Hashing;

/// <summary>
/// The two SHA3-256 implementations behind <see cref="Sha3"/>: the platform's (OpenSSL 3 on Linux, CNG on recent
/// Windows), about twice as fast, and BouncyCastle's managed one for where the platform has none (macOS, older
/// Windows). Both are FIPS 202 and give the same bytes (tested), so an id never depends on which one a node used.
/// Internal so that tests and benchmarks can run each one on purpose, whatever this machine has.
/// </summary>
internal abstract class Sha3Engine
{
    public static Sha3Engine Platform { get; } = new PlatformEngine();
    public static Sha3Engine BouncyCastle { get; } = new BouncyCastleEngine();

    /// <summary>The platform's where it has one (decided once: support does not change while the process runs).</summary>
    public static Sha3Engine Default { get; } = SHA3_256.IsSupported ? Platform : BouncyCastle;

    public abstract string Name { get; }

    /// <summary>Writes the digest of <paramref name="data"/> into <paramref name="digest"/> (32 bytes).</summary>
    public abstract void Hash(ReadOnlySpan<byte> data, Span<byte> digest);

    public abstract void Hash(Stream stream, Span<byte> digest);

    public abstract Sha3Hasher CreateHasher();

    private sealed class PlatformEngine : Sha3Engine
    {
        public override string Name => "platform";
        public override void Hash(ReadOnlySpan<byte> data, Span<byte> digest) => SHA3_256.HashData(data, digest);
        public override void Hash(Stream stream, Span<byte> digest) => SHA3_256.HashData(stream, digest);
        public override Sha3Hasher CreateHasher() => new PlatformHasher();
    }

    private sealed class PlatformHasher : Sha3Hasher
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA3_256);
        public override void AppendData(ReadOnlySpan<byte> data) => _hash.AppendData(data);
        public override void GetHashAndReset(Span<byte> digest) => _hash.GetHashAndReset(digest);
        protected override void Dispose(bool disposing) { if (disposing) _hash.Dispose(); }
    }

    private sealed class BouncyCastleEngine : Sha3Engine
    {
        private const int StreamChunkBytes = 64 * 1024;

        public override string Name => "BouncyCastle";

        public override void Hash(ReadOnlySpan<byte> data, Span<byte> digest)
        {
            var sha3 = new Sha3Digest(256);
            sha3.BlockUpdate(data);
            sha3.DoFinal(digest);
        }

        public override void Hash(Stream stream, Span<byte> digest)
        {
            var sha3 = new Sha3Digest(256);
            var buffer = ArrayPool<byte>.Shared.Rent(StreamChunkBytes);
            try
            {
                int read;
                while ((read = stream.Read(buffer, 0, StreamChunkBytes)) > 0) sha3.BlockUpdate(buffer.AsSpan(0, read));
            }
            finally { ArrayPool<byte>.Shared.Return(buffer); }
            sha3.DoFinal(digest);
        }

        public override Sha3Hasher CreateHasher() => new BouncyCastleHasher();
    }

    private sealed class BouncyCastleHasher : Sha3Hasher
    {
        private readonly Sha3Digest _sha3 = new(256);
        public override void AppendData(ReadOnlySpan<byte> data) => _sha3.BlockUpdate(data);
        public override void GetHashAndReset(Span<byte> digest) => _sha3.DoFinal(digest); // DoFinal resets the digest
    }
}
