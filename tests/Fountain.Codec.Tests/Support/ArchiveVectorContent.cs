using System.Formats.Tar;
using System.Text;

namespace Fountain.Codec.Tests.Support;

/// <summary>
/// The tar inside the checked-in native-zstd archives (Vectors/native-zstd-*.tar.zst). It is rebuilt here from a
/// fixed generator, with fixed times and modes, so a test can compare what it decompresses with what was packed
/// without the vector carrying a second copy. Changing anything here breaks those vectors: make new ones instead.
/// </summary>
internal static class ArchiveVectorContent
{
    public static readonly DateTimeOffset Time = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode FolderMode = FileMode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    /// <summary>Name and content of every regular file, in archive order (a mix: text that compresses well, random bytes that do not, zeros).</summary>
    public static IReadOnlyList<(string Name, byte[] Content)> Files()
    {
        var random = new XorShift(2026);
        var log = new StringBuilder();
        for (int line = 0; log.Length < 160 * 1024; line++) // past zstd's 128 KiB block: several blocks
            log.Append($"2026-01-02T03:{line / 60 % 60:00}:{line % 60:00}Z node-{random.Next() % 8:00} stored block {random.Next() & 0xFFFF:x4} in {random.Next() % 90 + 10} ms\n");
        var image = new byte[4096];
        for (int i = 0; i < image.Length; i++) image[i] = (byte)random.Next();
        var sparse = new byte[64 * 1024];
        for (int i = 0; i < sparse.Length; i += 4099) sparse[i] = (byte)(i % 251 + 1);
        return
        [
            ("art/image.bin", image),
            ("art/notes.log", Encoding.ASCII.GetBytes(log.ToString())),
            ("art/sparse.dat", sparse),
            ("fountain-ticket.json", "{\"title\":\"native zstd vector\",\"artist\":\"fountain tests\"}"u8.ToArray()),
        ];
    }

    /// <summary>The tar (PAX, as ArchivePacker writes): a folder, an empty folder, the files and a link inside.</summary>
    public static byte[] Tar()
    {
        var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "art/") { Mode = FolderMode, ModificationTime = Time });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "art/empty/") { Mode = FolderMode, ModificationTime = Time });
            foreach (var (name, content) in Files())
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content), Mode = FileMode, ModificationTime = Time });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "art/latest.log") { LinkName = "notes.log", ModificationTime = Time });
        }
        return buffer.ToArray();
    }

    /// <summary>A fixed, self-contained generator, so that the content never depends on a library's Random.</summary>
    private sealed class XorShift(ulong state)
    {
        public ulong Next()
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            return state;
        }
    }
}
