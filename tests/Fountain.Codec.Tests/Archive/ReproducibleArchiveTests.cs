using System.Formats.Tar;
using System.Text;
using Fountain.Codec.Archive;
using Fountain.Codec.Compression;
using Fountain.Codec.Hashing;

namespace Fountain.Codec.Tests.Archive;

/// <summary>
/// The archive, and so the artwork id, is a function of the files' names, contents and executable bits and of the
/// ticket: not of the process that packs them, the clock, the owner or the umask. (The cross-process check is in
/// Fountain.Cli.Tests, which runs `fountain encode` twice as separate processes.)
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // permission bits are the point
public sealed class ReproducibleArchiveTests : IDisposable
{
    private static readonly byte[] Ticket = "{\"title\":\"t\"}"u8.ToArray();
    private readonly string _root = Directory.CreateTempSubdirectory("fountain-repro-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string MakeInput(string name = "art")
    {
        var input = Path.Combine(_root, name);
        Directory.CreateDirectory(Path.Combine(input, "sub", "empty"));
        File.WriteAllText(Path.Combine(input, "a.txt"), "alpha");
        File.WriteAllBytes(Path.Combine(input, "sub", "data.bin"), Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray());
        var script = Path.Combine(input, "run.sh");
        File.WriteAllText(script, "#!/bin/sh\necho hi\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(input, "link"), "sub/data.bin");
        foreach (var path in Directory.EnumerateFileSystemEntries(input, "*", SearchOption.AllDirectories).Append(input))
            SetTimes(path, new DateTime(2020, 5, 6, 7, 8, 9, DateTimeKind.Utc));
        return input;
    }

    private static void SetTimes(string path, DateTime utc)
    {
        if (new FileInfo(path).LinkTarget is not null) return; // .NET would follow the link
        if (Directory.Exists(path)) Directory.SetLastWriteTimeUtc(path, utc); else File.SetLastWriteTimeUtc(path, utc);
    }

    private static byte[] TarOf(PackedArchive packed)
    {
        var tar = new MemoryStream();
        using (var zstd = new ZstdDecompressStream(new MemoryStream(packed.Bytes), 1L << 30)) zstd.CopyTo(tar);
        return tar.ToArray();
    }

    [Fact]
    public void The_tar_names_no_process_and_records_no_clock_owner_or_umask()
    {
        var packed = ArchivePacker.Pack([MakeInput()], 3, Ticket);
        var tar = TarOf(packed);
        // .NET's TarWriter names every PAX extended header "<dir>/PaxHeaders.<process id>/<name>".
        Assert.DoesNotContain("PaxHeaders.", Encoding.ASCII.GetString(tar));
        Assert.DoesNotContain(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/", Encoding.ASCII.GetString(tar));
        using var reader = new TarReader(new MemoryStream(tar));
        int entries = 0;
        while (reader.GetNextEntry() is { } entry)
        {
            entries++;
            Assert.Equal(DateTimeOffset.UnixEpoch, entry.ModificationTime);
            Assert.Equal((0, 0), (entry.Uid, entry.Gid));
            if (entry is PosixTarEntry posix) Assert.Equal(("", ""), (posix.UserName, posix.GroupName));
            var expected = entry.EntryType switch
            {
                TarEntryType.Directory => 0b111_101_101,
                TarEntryType.SymbolicLink => 0b111_111_111,
                _ => entry.Name.EndsWith("run.sh", StringComparison.Ordinal) ? 0b111_101_101 : 0b110_100_100,
            };
            Assert.Equal((UnixFileMode)expected, entry.Mode);
        }
        Assert.Equal(packed.Entries, entries);
    }

    [Fact]
    public void Touching_times_and_permission_bits_that_do_not_matter_keeps_the_id()
    {
        var input = MakeInput();
        var before = ArchivePacker.Pack([input], 3, Ticket).ArtworkId;
        foreach (var path in Directory.EnumerateFileSystemEntries(input, "*", SearchOption.AllDirectories).Append(input))
            SetTimes(path, DateTime.UtcNow);
        // A different umask: group-writable data, a read-only file, a private folder.
        File.SetUnixFileMode(Path.Combine(input, "a.txt"), (UnixFileMode)0b100_100_000);
        File.SetUnixFileMode(Path.Combine(input, "sub", "data.bin"), (UnixFileMode)0b110_110_100);
        File.SetUnixFileMode(Path.Combine(input, "sub"), (UnixFileMode)0b111_000_000);
        Assert.Equal(before, ArchivePacker.Pack([input], 3, Ticket).ArtworkId);
    }

    [Fact]
    public void Names_contents_the_executable_bit_links_and_the_ticket_do_change_the_id()
    {
        var input = MakeInput();
        var ids = new HashSet<Hash256> { ArchivePacker.Pack([input], 3, Ticket).ArtworkId };
        void Changed(string what)
        {
            Assert.True(ids.Add(ArchivePacker.Pack([input], 3, Ticket).ArtworkId), $"{what} did not change the id");
        }
        File.WriteAllText(Path.Combine(input, "a.txt"), "alphb");
        Changed("content");
        File.Move(Path.Combine(input, "a.txt"), Path.Combine(input, "b.txt"));
        Changed("a name");
        File.SetUnixFileMode(Path.Combine(input, "b.txt"), (UnixFileMode)0b111_101_101);
        Changed("the executable bit");
        File.Delete(Path.Combine(input, "link"));
        File.CreateSymbolicLink(Path.Combine(input, "link"), "b.txt");
        Changed("a link target");
        Directory.CreateDirectory(Path.Combine(input, "new-empty"));
        Changed("an empty folder");
        Assert.NotEqual(ArchivePacker.Pack([input], 3, Ticket).ArtworkId, ArchivePacker.Pack([input], 3, "{}"u8.ToArray()).ArtworkId);
    }

    [Fact]
    public void The_tar_layout_is_pinned()
    {
        // If this changes, every newly packed artwork gets a new id: change it on purpose, and say so in FORMAT.md.
        var tar = TarOf(ArchivePacker.Pack([MakeInput()], 3, Ticket));
        var actual = Sha3.Hash(tar).ToString();
        Assert.True(actual == PinnedTarSha3, $"the tar's SHA3-256 is now {actual}");
    }

    private const string PinnedTarSha3 = "94016832376f689d1c5a406850f6058a9a697a70efd3691b19ed7411b50bcfbd";

    [Fact]
    public void Long_and_non_ascii_names_and_long_link_targets_round_trip()
    {
        var input = Path.Combine(_root, "wide");
        var deep = Path.Combine(input, new string('d', 90), new string('e', 90));
        Directory.CreateDirectory(deep);
        var longName = new string('f', 200) + ".txt";
        File.WriteAllText(Path.Combine(deep, longName), "long");
        File.WriteAllText(Path.Combine(input, "Grüße-ファイル.txt"), "unicode");
        var longTarget = Path.GetRelativePath(input, Path.Combine(deep, longName));
        Assert.True(Encoding.UTF8.GetByteCount(longTarget) > 100);
        File.CreateSymbolicLink(Path.Combine(input, "to-long"), longTarget);

        var packed = ArchivePacker.Pack([input], 3);
        var output = Path.Combine(_root, "out");
        ArchiveExtractor.Extract(packed.Bytes, output);
        Assert.Equal("long", File.ReadAllText(Path.Combine(output, "wide", new string('d', 90), new string('e', 90), longName)));
        Assert.Equal("unicode", File.ReadAllText(Path.Combine(output, "wide", "Grüße-ファイル.txt")));
        Assert.Equal("long", File.ReadAllText(Path.Combine(output, "wide", "to-long")));
        Assert.Equal(longTarget, new FileInfo(Path.Combine(output, "wide", "to-long")).LinkTarget);
    }

    [Fact]
    public void The_executable_bit_survives_extraction()
    {
        var output = Path.Combine(_root, "out");
        ArchiveExtractor.Extract(ArchivePacker.Pack([MakeInput()], 3).Bytes, output);
        Assert.True(File.GetUnixFileMode(Path.Combine(output, "art", "run.sh")).HasFlag(UnixFileMode.UserExecute));
        Assert.False(File.GetUnixFileMode(Path.Combine(output, "art", "a.txt")).HasFlag(UnixFileMode.UserExecute));
    }
}
