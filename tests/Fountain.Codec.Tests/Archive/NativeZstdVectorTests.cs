using Fountain.Codec.Archive;
using Fountain.Codec.Compression;
using Fountain.Codec.Hashing;
using Fountain.Codec.Tests.Support;

namespace Fountain.Codec.Tests.Archive;

/// <summary>
/// Archives that the old native path wrote must stay readable: artworks already on the network were packed by the
/// system's libzstd. Vectors/native-zstd-1.5.4-level{3,15}.tar.zst were written by Fountain's ZstdCompressStream
/// when it called Debian's libzstd 1.5.4 (commit 42d7376): the tar of <see cref="ArchiveVectorContent"/>, written in
/// 64 KiB pieces, content checksum on. The tar's hash is pinned because .NET names PAX extended headers after the
/// process id, so the tar cannot be rebuilt byte for byte in another process.
/// </summary>
public sealed class NativeZstdVectorTests : IDisposable
{
    private const string TarSha3 = "ffe29df102aebb5de04a357a74c7ad89a78a1a0750163ea01256549cde954c0b";
    private const int TarBytes = 246_272;

    private readonly string _root = Directory.CreateTempSubdirectory("fountain-native-vector-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    internal static byte[] Vector(int level) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vectors", $"native-zstd-1.5.4-level{level}.tar.zst"));

    [Theory]
    [InlineData(3)]
    [InlineData(15)]
    public void An_archive_written_by_native_libzstd_decompresses_bit_exact(int level)
    {
        var tar = new MemoryStream();
        using (var zstd = new ZstdDecompressStream(new MemoryStream(Vector(level)), maxOutputBytes: TarBytes))
            zstd.CopyTo(tar);
        Assert.Equal(TarBytes, tar.Length);
        Assert.Equal(TarSha3, Sha3.HashHex(tar.ToArray()));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(15)]
    public void An_archive_written_by_native_libzstd_extracts_to_the_files_that_were_packed(int level)
    {
        var output = Path.Combine(_root, "level" + level);
        var result = ArchiveExtractor.Extract(Vector(level), output);
        Assert.Equal(["art", ArchivePacker.TicketEntryName], result.TopLevelNames);
        foreach (var (name, content) in ArchiveVectorContent.Files())
            Assert.Equal(content, File.ReadAllBytes(Path.Combine(output, name)));
        Assert.True(Directory.Exists(Path.Combine(output, "art", "empty")));
        Assert.Equal("notes.log", new FileInfo(Path.Combine(output, "art", "latest.log")).LinkTarget);
    }
}
