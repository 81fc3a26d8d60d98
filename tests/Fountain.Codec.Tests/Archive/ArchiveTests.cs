using System.Formats.Tar;
using Fountain.Codec.Archive;
using Fountain.Codec.Compression;
using Fountain.Codec.Hashing;

namespace Fountain.Codec.Tests.Archive;

/// <summary>Packing and extraction, including archives crafted to escape, exhaust or confuse.</summary>
public sealed class ArchiveTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fountain-archive-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string PathIn(params string[] parts) => Path.Combine([_root, .. parts]);

    [Fact]
    public void Files_folders_and_inner_links_round_trip_and_the_id_is_the_hash_of_the_archive()
    {
        var input = PathIn("art");
        Directory.CreateDirectory(Path.Combine(input, "sub", "deeper"));
        File.WriteAllBytes(Path.Combine(input, "image.png"), V1Bytes(100_000));
        File.WriteAllText(Path.Combine(input, "sub", "deeper", "note.txt"), "hello");
        File.CreateSymbolicLink(Path.Combine(input, "link-to-note"), "sub/deeper/note.txt");
        var single = PathIn("single.bin");
        File.WriteAllBytes(single, V1Bytes(10));

        var packed = ArchivePacker.Pack([input, single], zstdLevel: 3, metadataTicket: "{\"title\":\"x\"}"u8.ToArray());
        Assert.Equal(Sha3.Hash(packed.Bytes), packed.ArtworkId);

        var output = PathIn("out");
        var result = ArchiveExtractor.Extract(new MemoryStream(packed.Bytes), output);
        Assert.Equal(["art", ArchivePacker.TicketEntryName, "single.bin"], result.TopLevelNames.Order(StringComparer.Ordinal));
        Assert.Equal(File.ReadAllBytes(Path.Combine(input, "image.png")), File.ReadAllBytes(Path.Combine(output, "art", "image.png")));
        Assert.Equal("hello", File.ReadAllText(Path.Combine(output, "art", "link-to-note")));
        Assert.Equal("sub/deeper/note.txt", new FileInfo(Path.Combine(output, "art", "link-to-note")).LinkTarget);
        Assert.Equal("{\"title\":\"x\"}", File.ReadAllText(Path.Combine(output, ArchivePacker.TicketEntryName)));
        Assert.Equal(["art", ArchivePacker.TicketEntryName, "single.bin"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Without_a_ticket_no_ticket_entry_is_stored()
    {
        var file = PathIn("only.txt");
        File.WriteAllText(file, "x");
        var packed = ArchivePacker.Pack([file], 3);
        var output = PathIn("out");
        Assert.Equal(["only.txt"], ArchiveExtractor.Extract(new MemoryStream(packed.Bytes), output).TopLevelNames);
    }

    [Fact]
    public void The_same_files_give_the_same_artwork_id()
    {
        var folder = PathIn("same");
        Directory.CreateDirectory(folder);
        foreach (var name in new[] { "b", "a", "c" }) File.WriteAllText(Path.Combine(folder, name), name);
        Assert.Equal(ArchivePacker.Pack([folder], 3).ArtworkId, ArchivePacker.Pack([folder], 3).ArtworkId);
    }

    [Fact]
    public void Packing_refuses_links_that_leave_what_is_packed_and_clashing_names()
    {
        var folder = PathIn("leaky");
        Directory.CreateDirectory(folder);
        File.CreateSymbolicLink(Path.Combine(folder, "passwd"), "/etc/passwd");
        Assert.Contains("outside", Assert.Throws<ArchiveException>(() => ArchivePacker.Pack([folder], 3)).Message);

        Directory.CreateDirectory(PathIn("x", "dup"));
        Directory.CreateDirectory(PathIn("y", "dup"));
        Assert.Contains("Two inputs", Assert.Throws<ArchiveException>(() => ArchivePacker.Pack([PathIn("x", "dup"), PathIn("y", "dup")], 3)).Message);
        Assert.Throws<ArchiveException>(() => ArchivePacker.Pack([PathIn("missing")], 3));
    }

    public static TheoryData<string, string> HostileEntries() => new()
    {
        { "absolute", "/tmp/fountain-escape" },
        { "dot-dot", "../escape.txt" },
        { "inner dot-dot", "ok/../../escape.txt" },
        { "backslash", "..\\escape.txt" },
    };

    [Theory]
    [MemberData(nameof(HostileEntries))]
    public void Names_that_could_escape_are_refused_and_nothing_is_written(string kind, string name)
    {
        var archive = Craft(tar =>
        {
            tar.WriteEntry(Entry("fine.txt", "fine"));
            tar.WriteEntry(Entry(name, "evil"));
        });
        AssertRefusedLeavingNothing(archive, kind);
    }

    [Fact]
    public void A_symbolic_link_that_escapes_is_refused()
    {
        AssertRefusedLeavingNothing(Craft(tar => tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "up") { LinkName = "../../outside" })), "relative escape");
        AssertRefusedLeavingNothing(Craft(tar => tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "abs") { LinkName = "/etc" })), "absolute target");
    }

    [Fact]
    public void Writing_through_a_symbolic_link_is_refused_in_either_order()
    {
        // The classic escape: a link to a folder outside, then a file "through" it.
        AssertRefusedLeavingNothing(Craft(tar =>
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "dir") { LinkName = "." });
            tar.WriteEntry(Entry("dir/file.txt", "x"));
        }), "link then file");
        AssertRefusedLeavingNothing(Craft(tar =>
        {
            tar.WriteEntry(Entry("dir/file.txt", "x"));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "dir") { LinkName = "." });
        }), "file then link");
    }

    [Fact]
    public void A_name_that_is_both_a_file_and_a_folder_is_refused_in_either_order()
    {
        // Found by the fuzzer: the file system's "already exists" escaped as an IOException instead of a refusal.
        AssertRefusedLeavingNothing(Craft(tar => { tar.WriteEntry(Entry("d", "file")); tar.WriteEntry(Entry("d/x", "under a file")); }), "file then child");
        AssertRefusedLeavingNothing(Craft(tar => { tar.WriteEntry(Entry("d/x", "child")); tar.WriteEntry(Entry("d", "file")); }), "child then file");
        AssertRefusedLeavingNothing(Craft(tar =>
        {
            tar.WriteEntry(Entry("a", "x"));
            tar.WriteEntry(Entry("d/x", "child"));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "d") { LinkName = "a" });
        }), "child then hard link");
        AssertRefusedLeavingNothing(Craft(tar =>
        {
            tar.WriteEntry(Entry("d", "file"));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "d/l") { LinkName = "." });
        }), "link under a file");
    }

    [Fact]
    public void Names_too_long_for_the_file_system_are_refused()
    {
        // Found by the fuzzer: a 300-byte name component made the file system's PathTooLongException escape.
        AssertRefusedLeavingNothing(Craft(tar => tar.WriteEntry(Entry("d/" + new string('x', 300), "long"))), "long component");
        AssertRefusedLeavingNothing(Craft(tar => tar.WriteEntry(Entry(new string('é', 200), "two bytes each"))), "long in UTF-8");
        var deep = string.Join('/', Enumerable.Repeat(new string('y', 250), 16)); // 4000 characters, each part legal
        AssertRefusedLeavingNothing(Craft(tar => tar.WriteEntry(Entry(deep, "deep"))), "path past PATH_MAX with the output folder");
        var fine = PathIn("fine");
        ArchiveExtractor.Extract(new MemoryStream(Craft(tar => tar.WriteEntry(Entry(new string('z', 255), "ok")))), fine);
        Assert.Equal("ok", File.ReadAllText(Path.Combine(fine, new string('z', 255))));
    }

    [Fact]
    public void Tar_headers_the_reader_cannot_handle_are_refused_not_thrown()
    {
        // Found by the fuzzer: .NET's TarReader throws InvalidOperationException for a pax header whose size field
        // exceeds what it reads, and NotSupportedException for a GNU sparse file; both escaped the extractor.
        var tar = RawTar(tar => tar.WriteEntry(Entry("a.txt", "content")));
        Assert.Equal((byte)'x', tar[156]);
        SetHeaderField(tar, 0, 124, "20000000046");
        AssertRefusedLeavingNothing(Compress(tar), "huge pax header");

        var sparse = RawTar(tar => tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "s.bin") { DataStream = new MemoryStream(new byte[10]) }));
        SetHeaderField(sparse, 0, 156, "S");
        AssertRefusedLeavingNothing(Compress(sparse), "sparse file");
    }

    private static byte[] RawTar(Action<TarWriter> write)
    {
        var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true)) write(tar);
        return buffer.ToArray();
    }

    /// <summary>Overwrites a field of the tar header at <paramref name="header"/> and recomputes the header's checksum.</summary>
    private static void SetHeaderField(byte[] tar, int header, int offset, string value)
    {
        System.Text.Encoding.ASCII.GetBytes(value).CopyTo(tar, header + offset);
        tar.AsSpan(header + 148, 8).Fill((byte)' ');
        int sum = 0;
        foreach (byte b in tar.AsSpan(header, 512)) sum += b;
        System.Text.Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0").CopyTo(tar, header + 148);
    }

    private static byte[] Compress(byte[] tar)
    {
        var buffer = new MemoryStream();
        using (var zstd = new ZstdCompressStream(buffer, 3, leaveOpen: true)) zstd.Write(tar);
        return buffer.ToArray();
    }

    [Fact]
    public void Hard_links_are_copies_of_earlier_files_and_nothing_else()
    {
        var good = Craft(tar =>
        {
            tar.WriteEntry(Entry("a.txt", "content"));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "b.txt") { LinkName = "a.txt" });
        });
        var output = PathIn("hard");
        ArchiveExtractor.Extract(new MemoryStream(good), output);
        Assert.Equal("content", File.ReadAllText(Path.Combine(output, "b.txt")));
        Assert.Null(new FileInfo(Path.Combine(output, "b.txt")).LinkTarget);

        AssertRefusedLeavingNothing(Craft(tar => tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "shadow") { LinkName = "/etc/shadow" })), "absolute hard link");
        AssertRefusedLeavingNothing(Craft(tar => tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "up") { LinkName = "../x" })), "escaping hard link");
        AssertRefusedLeavingNothing(Craft(tar => tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "later") { LinkName = "not-yet.txt" })), "dangling hard link");
    }

    [Theory]
    [InlineData(TarEntryType.CharacterDevice)]
    [InlineData(TarEntryType.BlockDevice)]
    [InlineData(TarEntryType.Fifo)]
    public void Devices_and_pipes_are_refused(TarEntryType type)
    {
        AssertRefusedLeavingNothing(Craft(tar =>
        {
            var entry = new PaxTarEntry(type, "dev");
            if (type != TarEntryType.Fifo) { entry.DeviceMajor = 1; entry.DeviceMinor = 3; } // /dev/null's numbers
            tar.WriteEntry(entry);
        }), type.ToString());
    }

    [Fact]
    public void Archives_past_the_size_or_entry_limits_are_refused()
    {
        var big = Craft(tar => tar.WriteEntry(Entry("zeros.bin", new string('\0', 2_000_000))));
        Assert.True(big.Length < 1000, "a size bomb compresses to almost nothing");
        AssertRefusedLeavingNothing(big, "size bomb", ArchiveLimits.Default with { MaxExtractedBytes = 1_000_000 });

        var many = Craft(tar => { for (int i = 0; i < 50; i++) tar.WriteEntry(Entry($"f{i}", "x")); });
        AssertRefusedLeavingNothing(many, "too many entries", ArchiveLimits.Default with { MaxEntries = 10 });
    }

    [Fact]
    public void Duplicate_names_are_refused()
    {
        AssertRefusedLeavingNothing(Craft(tar => { tar.WriteEntry(Entry("a", "1")); tar.WriteEntry(Entry("./a", "2")); }), "duplicate");
    }

    [Fact]
    public void Damaged_truncated_and_foreign_data_is_refused()
    {
        var archive = Craft(tar => tar.WriteEntry(Entry("a.txt", new string('a', 100_000))));
        AssertRefusedLeavingNothing(archive[..(archive.Length / 2)], "truncated");
        // The frame carries a content checksum, so a flip anywhere either is refused, leaving nothing, or changes
        // nothing that is decoded (some bits of entropy tables are redundant): never a wrong file.
        int refused = 0;
        for (int offset = 0; offset < archive.Length; offset++)
        {
            var flipped = (byte[])archive.Clone();
            flipped[offset] ^= (byte)(1 << (offset % 8));
            var output = PathIn("flip-" + offset);
            try
            {
                ArchiveExtractor.Extract(new MemoryStream(flipped), output);
                Assert.Equal(new string('a', 100_000), File.ReadAllText(Path.Combine(output, "a.txt")));
            }
            catch (ArchiveException)
            {
                refused++;
                Assert.False(Directory.Exists(output), $"bit flip at {offset} left output behind");
            }
        }
        Assert.True(refused > archive.Length * 3 / 4, $"only {refused} of {archive.Length} flips were refused");
        AssertRefusedLeavingNothing("this is not an archive"u8.ToArray(), "not zstd");
        AssertRefusedLeavingNothing([], "empty");
    }

    [Fact]
    public void Extraction_never_overwrites_and_leaves_existing_files_alone()
    {
        var output = PathIn("existing");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "a.txt"), "mine");
        var archive = Craft(tar => { tar.WriteEntry(Entry("b.txt", "new")); tar.WriteEntry(Entry("a.txt", "theirs")); });
        Assert.Contains("already exists", Assert.Throws<ArchiveException>(() => ArchiveExtractor.Extract(new MemoryStream(archive), output)).Message);
        Assert.Equal(["a.txt"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "a.txt")));
    }

    [Fact]
    public void Zstd_round_trips_in_pieces_and_the_decompression_limit_holds()
    {
        var data = V1Bytes(1_000_000);
        var compressed = new MemoryStream();
        using (var zstd = new ZstdCompressStream(compressed, 5, leaveOpen: true))
            for (int i = 0; i < data.Length; i += 77_777) zstd.Write(data, i, Math.Min(77_777, data.Length - i));
        var back = new MemoryStream();
        using (var zstd = new ZstdDecompressStream(new MemoryStream(compressed.ToArray()), maxOutputBytes: data.Length))
            zstd.CopyTo(back);
        Assert.Equal(data, back.ToArray());
        Assert.Throws<InvalidDataException>(() =>
        {
            using var zstd = new ZstdDecompressStream(new MemoryStream(compressed.ToArray()), maxOutputBytes: data.Length - 1);
            zstd.CopyTo(Stream.Null);
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZstdCompressStream(Stream.Null, 99));
    }

    private void AssertRefusedLeavingNothing(byte[] archive, string kind, ArchiveLimits? limits = null)
    {
        var output = PathIn("refused-" + Guid.NewGuid().ToString("N"));
        var error = Record.Exception(() => ArchiveExtractor.Extract(new MemoryStream(archive), output, limits));
        Assert.True(error is ArchiveException, $"{kind}: expected a refusal, got {error?.GetType().Name ?? "success"}: {error?.Message}");
        Assert.False(string.IsNullOrWhiteSpace(error!.Message), kind);
        Assert.False(Directory.Exists(output), $"{kind}: the output folder was left behind");
        Assert.False(Path.Exists(PathIn("escape.txt")), $"{kind}: a file escaped");
        Assert.False(Path.Exists("/tmp/fountain-escape"), $"{kind}: a file escaped to an absolute path");
    }

    private static PaxTarEntry Entry(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) };

    private static byte[] Craft(Action<TarWriter> write)
    {
        var buffer = new MemoryStream();
        using (var zstd = new ZstdCompressStream(buffer, 3, leaveOpen: true))
        using (var tar = new TarWriter(zstd, TarEntryFormat.Pax, leaveOpen: true))
            write(tar);
        return buffer.ToArray();
    }

    private static byte[] V1Bytes(int length) => Support.V1TestSupport.RandomBytes(length, length);
}
