using System.Formats.Tar;
using Fountain.Codec.Archive;
using Fountain.Codec.Compression;

namespace Fountain.Codec.Tests.Archive;

/// <summary>
/// Symbolic and hard links in hostile archives. Each link may look harmless on its own (a lexical check of its
/// target stays inside), while a chain of them resolves, step by step, outside the output folder. Extraction must
/// resolve targets the way the operating system will, through the archive's other links and through links that
/// already exist in the output folder, and refuse any that leaves it.
/// </summary>
public sealed class ArchiveLinkTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fountain-link-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string PathIn(params string[] parts) => Path.Combine([_root, .. parts]);

    [Fact]
    public void A_chain_of_relative_links_that_climbs_out_step_by_step_is_refused()
    {
        // d/a → d; d/b → a/.. → the output folder; d/c → b/.. → the output folder's parent. Lexically each target
        // stays inside d; through the links, c leaves.
        var archive = Craft(tar =>
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "d/"));
            tar.WriteEntry(Link("d/a", "."));
            tar.WriteEntry(Link("d/b", "a/.."));
            tar.WriteEntry(Link("d/c", "b/.."));
        });
        var error = AssertRefusedLeavingNothing(archive);
        Assert.Contains("d/c", error.Message);
    }

    [Fact]
    public void A_chain_at_the_top_level_that_reaches_the_parent_is_refused()
    {
        AssertRefusedLeavingNothing(Craft(tar =>
        {
            tar.WriteEntry(Link("here", "."));
            tar.WriteEntry(Link("up", "here/.."));
        }));
    }

    [Fact]
    public void A_chain_is_refused_whatever_the_order_of_its_links_in_the_archive()
    {
        // The escaping link comes first and names links that only come later.
        AssertRefusedLeavingNothing(Craft(tar =>
        {
            tar.WriteEntry(Link("x/c", "b/../../.."));
            tar.WriteEntry(Link("x/b", "a/a/a"));
            tar.WriteEntry(Link("x/a", "."));
        }));
    }

    [Fact]
    public void A_chain_that_leaves_and_comes_back_through_the_real_parent_is_refused()
    {
        // up → the parent; back → up/<output folder name>: the OS would resolve it inside again, but the step
        // outside is refused, because what lies outside is not the archive's to name.
        var output = PathIn("out");
        var archive = Craft(tar =>
        {
            tar.WriteEntry(Link("here", "."));
            tar.WriteEntry(Link("back", "here/../out"));
        });
        AssertRefusedLeavingNothing(archive, output);
    }

    [Fact]
    public void Link_loops_are_refused()
    {
        AssertRefusedLeavingNothing(Craft(tar => { tar.WriteEntry(Link("x", "y")); tar.WriteEntry(Link("y", "x")); }));
        AssertRefusedLeavingNothing(Craft(tar => tar.WriteEntry(Link("self", "self/more"))));
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("/")]
    [InlineData("//etc/passwd")]
    public void Absolute_targets_are_refused(string target)
    {
        AssertRefusedLeavingNothing(Craft(tar => tar.WriteEntry(Link("abs", target))));
    }

    [Fact]
    public void An_absolute_target_that_names_the_output_folder_itself_is_refused_too()
    {
        var output = PathIn("out-abs");
        AssertRefusedLeavingNothing(Craft(tar => tar.WriteEntry(Link("abs", Path.Combine(output, "x")))), output);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("./..")]
    public void Links_named_with_dot_dot_are_refused(string name)
    {
        AssertRefusedLeavingNothing(Craft(tar => tar.WriteEntry(Link(name, "."))));
    }

    [Fact]
    public void A_link_through_a_link_already_in_the_output_folder_is_refused()
    {
        // Someone (or an earlier extraction) left a link to the parent in the output folder; a new archive's
        // link through it would leave the folder although its target looks like a name inside.
        var output = PathIn("shared");
        Directory.CreateDirectory(output);
        File.CreateSymbolicLink(Path.Combine(output, "parent"), "..");
        File.CreateSymbolicLink(Path.Combine(output, "etc"), "/etc");
        Directory.CreateDirectory(Path.Combine(output, "plain"));
        File.CreateSymbolicLink(Path.Combine(output, "plain", "deep"), "../parent");
        foreach (var target in new[] { "parent/x", "etc/passwd", "plain/deep/x" })
        {
            var archive = Craft(tar => tar.WriteEntry(Link("mine", target)));
            var error = Record.Exception(() => ArchiveExtractor.Extract(new MemoryStream(archive), output));
            Assert.True(error is ArchiveException, $"{target}: expected a refusal, got {error?.GetType().Name ?? "success"}");
            Assert.Equal(["etc", "parent", "plain"], Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Links_through_existing_folders_and_links_that_stay_inside_are_kept()
    {
        var output = PathIn("mixed");
        Directory.CreateDirectory(Path.Combine(output, "existing"));
        File.WriteAllText(Path.Combine(output, "existing", "file.txt"), "old");
        File.CreateSymbolicLink(Path.Combine(output, "alias"), "existing");
        var archive = Craft(tar =>
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "d/"));
            tar.WriteEntry(Entry("d/file.txt", "new"));
            tar.WriteEntry(Link("d/a", "."));
            tar.WriteEntry(Link("d/b", "a/.."));          // the output folder itself
            tar.WriteEntry(Link("d/c", "b/alias/file.txt")); // through the existing link, to a file inside
            tar.WriteEntry(Link("d/e", "a/a/a/file.txt"));
        });
        ArchiveExtractor.Extract(new MemoryStream(archive), output);
        Assert.Equal("old", File.ReadAllText(Path.Combine(output, "d", "c")));
        Assert.Equal("new", File.ReadAllText(Path.Combine(output, "d", "e")));
        AssertEveryLinkStaysInside(output);
    }

    [Fact]
    public void Extraction_does_not_move_a_name_onto_a_dangling_link_in_the_output_folder()
    {
        var output = PathIn("dangling");
        Directory.CreateDirectory(output);
        var outside = PathIn("outside-target.txt");
        File.CreateSymbolicLink(Path.Combine(output, "a.txt"), outside);
        var archive = Craft(tar => tar.WriteEntry(Entry("a.txt", "through the link?")));
        Assert.Contains("already exists", Assert.Throws<ArchiveException>(() => ArchiveExtractor.Extract(new MemoryStream(archive), output)).Message);
        Assert.False(File.Exists(outside), "a file was written through a link");
        Assert.Equal(outside, new FileInfo(Path.Combine(output, "a.txt")).LinkTarget);
    }

    [Fact]
    public void Hard_links_to_links_through_links_or_outside_are_refused()
    {
        AssertRefusedLeavingNothing(Craft(tar =>
        {
            tar.WriteEntry(Link("soft", "real.txt"));
            tar.WriteEntry(Entry("real.txt", "x"));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "hard") { LinkName = "soft" });
        }));
        AssertRefusedLeavingNothing(Craft(tar =>
        {
            tar.WriteEntry(Entry("sub/f.txt", "x"));
            tar.WriteEntry(Link("d", "sub"));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "hard") { LinkName = "d/f.txt" });
        }));
        AssertRefusedLeavingNothing(Craft(tar => tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "hard") { LinkName = "../../etc/passwd" })));
        AssertRefusedLeavingNothing(Craft(tar => tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "hard") { LinkName = "/etc/passwd" })));
        AssertRefusedLeavingNothing(Craft(tar =>
        {
            tar.WriteEntry(Entry("a.txt", "x"));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "../hard") { LinkName = "a.txt" });
        }));
    }

    /// <summary>Every link under <paramref name="folder"/>, resolved by the operating system, ends inside it (or nowhere).</summary>
    internal static void AssertEveryLinkStaysInside(string folder)
    {
        var root = Path.GetFullPath(folder);
        foreach (var path in EntriesNotThroughLinks(root))
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is null) continue;
            FileSystemInfo? final;
            try { final = info.ResolveLinkTarget(returnFinalTarget: true); }
            catch (IOException) { continue; } // a loop: the OS cannot resolve it at all
            if (final is null) continue;
            var relative = Path.GetRelativePath(root, final.FullName);
            Assert.False(relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative),
                $"{path} resolves to {final.FullName}, outside {root}");
        }
    }

    /// <summary>Every entry under a folder, descending only into real folders: a link such as "a → ." must not loop.</summary>
    private static IEnumerable<string> EntriesNotThroughLinks(string folder)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { AttributesToSkip = 0 }))
        {
            yield return path;
            if (new FileInfo(path).LinkTarget is null && Directory.Exists(path))
                foreach (var inner in EntriesNotThroughLinks(path)) yield return inner;
        }
    }

    private ArchiveException AssertRefusedLeavingNothing(byte[] archive, string? output = null)
    {
        output ??= PathIn("refused-" + Guid.NewGuid().ToString("N"));
        var before = Directory.EnumerateFileSystemEntries(_root).Order(StringComparer.Ordinal).ToList();
        var error = Record.Exception(() => ArchiveExtractor.Extract(new MemoryStream(archive), output));
        Assert.True(error is ArchiveException, $"expected a refusal, got {error?.GetType().Name ?? "success"}: {error?.Message}");
        Assert.False(Directory.Exists(output), "the output folder was left behind");
        Assert.Equal(before, Directory.EnumerateFileSystemEntries(_root).Order(StringComparer.Ordinal).ToList());
        return (ArchiveException)error!;
    }

    private static PaxTarEntry Link(string name, string target) => new(TarEntryType.SymbolicLink, name) { LinkName = target };

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
}
