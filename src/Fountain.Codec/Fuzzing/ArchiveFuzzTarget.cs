using System.Formats.Tar;
using System.Runtime.ExceptionServices;
using Fountain.Codec.Archive;
using Fountain.Codec.Compression;

namespace Fountain.Codec.Fuzzing;

/// <summary>
/// Fuzzes the archive extractor. An input is one mode byte and a payload: for an even mode the payload is a tar,
/// compressed here before extraction (so that mutations reach the tar reader and the extractor's checks rather
/// than stopping at zstd's checksum); for an odd mode it is the compressed archive itself. Seeds hold ordinary
/// archives in several tar dialects and hostile ones (links out, absolute names, "..", link chains), aimed at a
/// sentinel folder beside the output folder.
///
/// After every input, accepted or not: the sentinel folder must be empty, nothing but the output folder may appear
/// beside it, every link in the output must resolve inside it, and a refused archive must leave no output folder.
/// The only exception allowed is <see cref="ArchiveException"/>. Each extraction really writes to disk, under a
/// sandbox folder that <see cref="Dispose"/> removes.
/// </summary>
public sealed class ArchiveFuzzTarget : IFuzzTarget, IDisposable
{
    private readonly ArchiveLimits _limits = new() { MaxExtractedBytes = 4 << 20, MaxEntries = 256, MaxPathLength = 1024 };
    private readonly string _sandbox, _outside, _case, _output;

    /// <param name="workFolder">Where the sandbox is made (a RAM disk such as /dev/shm makes long runs faster); the temp folder by default.</param>
    public ArchiveFuzzTarget(string? workFolder = null)
    {
        _sandbox = Directory.CreateTempSubdirectory("fountain-fuzz-archive-").FullName;
        if (workFolder is not null)
        {
            Directory.Delete(_sandbox);
            _sandbox = Path.Combine(Path.GetFullPath(workFolder), "fountain-fuzz-archive-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(_sandbox);
        }
        _outside = Path.Combine(_sandbox, "outside");
        _case = Path.Combine(_sandbox, "case");
        _output = Path.Combine(_case, "out");
        Directory.CreateDirectory(_outside);
        Directory.CreateDirectory(_case);
        Seeds = BuildSeeds();
    }

    public string Name => "archive";
    public IReadOnlyList<byte[]> Seeds { get; }

    /// <summary>Fields of a tar header after the mode byte: mode, uid, size, mtime, checksum, type, link name, magic, prefix.</summary>
    public IReadOnlyList<int> FieldOffsets { get; } = [1 + 100, 1 + 108, 1 + 124, 1 + 136, 1 + 148, 1 + 156, 1 + 157, 1 + 257, 1 + 345, 1 + 512 + 124, 1 + 1024 + 124, 1 + 1024 + 156];

    public bool IsDocumented(Exception exception) => exception is ArchiveException;

    public FuzzOutcome Run(byte[] input)
    {
        var compressed = input.Length > 0 && input[0] % 2 == 1 ? input.AsSpan(1).ToArray() : Compress(input.AsSpan(Math.Min(1, input.Length)));
        Exception? error = null;
        try { ArchiveExtractor.Extract(compressed, _output, _limits); }
        catch (Exception e) { error = e; }
        try { CheckNothingEscaped(error is not null); }
        finally { Reset(); }
        if (error is not null) ExceptionDispatchInfo.Throw(error);
        return FuzzOutcome.Accepted;
    }

    private void CheckNothingEscaped(bool refused)
    {
        if (Directory.EnumerateFileSystemEntries(_outside).Any())
            throw new FuzzViolation($"the extraction wrote outside its output folder: {string.Join(", ", Directory.EnumerateFileSystemEntries(_outside))}");
        var besideOutput = Directory.EnumerateFileSystemEntries(_case).Where(p => p != _output).ToList();
        var besideCase = Directory.EnumerateFileSystemEntries(_sandbox).Where(p => p != _case && p != _outside).ToList();
        if (besideOutput.Count + besideCase.Count > 0)
            throw new FuzzViolation($"the extraction wrote beside its output folder: {string.Join(", ", besideOutput.Concat(besideCase))}");
        if (refused && Path.Exists(_output)) throw new FuzzViolation("a refused archive left its output folder behind");
        if (!refused) CheckLinksInside(_output);
    }

    /// <summary>Every link, resolved by the operating system, ends inside the output (or nowhere: dangling or a loop).</summary>
    private void CheckLinksInside(string folder)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(folder))
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is null)
            {
                if (Directory.Exists(path)) CheckLinksInside(path);
                continue;
            }
            FileSystemInfo? final;
            try { final = info.ResolveLinkTarget(returnFinalTarget: true); }
            catch (IOException) { continue; }
            if (final is not null && !ArchivePacker.IsInside(final.FullName, _output))
                throw new FuzzViolation($"the link '{Path.GetRelativePath(_output, path)}' → '{info.LinkTarget}' resolves to {final.FullName}, outside the output folder");
        }
    }

    private void Reset()
    {
        foreach (var folder in new[] { _output, _outside })
            if (Directory.Exists(folder) || File.Exists(folder) || new FileInfo(folder).LinkTarget is not null)
            {
                if (new FileInfo(folder).LinkTarget is null && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
                else File.Delete(folder);
            }
        Directory.CreateDirectory(_outside);
        foreach (var stray in Directory.EnumerateFileSystemEntries(_case)) DeleteEntry(stray);
        foreach (var stray in Directory.EnumerateFileSystemEntries(_sandbox).Where(p => p != _case && p != _outside)) DeleteEntry(stray);
    }

    private static void DeleteEntry(string path)
    {
        if (new FileInfo(path).LinkTarget is null && Directory.Exists(path)) Directory.Delete(path, recursive: true);
        else File.Delete(path);
    }

    private static byte[] Compress(ReadOnlySpan<byte> tar)
    {
        var buffer = new MemoryStream();
        using (var zstd = new ZstdCompressStream(buffer, 1, leaveOpen: true)) zstd.Write(tar);
        return buffer.ToArray();
    }

    private List<byte[]> BuildSeeds()
    {
        var seeds = new List<byte[]>();
        void Tar(Action<Stream> write)
        {
            var tar = new MemoryStream();
            tar.WriteByte(0);
            write(tar);
            seeds.Add(tar.ToArray());
        }
        static MemoryStream Text(string s) => new(System.Text.Encoding.UTF8.GetBytes(s));

        // What the packer writes.
        Tar(stream =>
        {
            var tar = new CanonicalTarWriter(stream);
            tar.WriteFile(ArchivePacker.TicketEntryName, false, Text("{\"title\":\"fuzz\"}"), 16);
            tar.WriteFolder("art/");
            tar.WriteFile("art/a.txt", false, Text("alpha"), 5);
            tar.WriteFile("art/" + new string('n', 120) + ".bin", true, new MemoryStream(new byte[700]), 700);
            tar.WriteLink("art/link", "a.txt");
            tar.WriteFolder("art/sub/");
            tar.WriteLink("art/sub/up", "../a.txt");
            tar.Finish();
        });
        // Other dialects, hard links and a link chain that stays inside.
        foreach (var format in new[] { TarEntryFormat.Pax, TarEntryFormat.Gnu, TarEntryFormat.Ustar, TarEntryFormat.V7 })
            Tar(stream =>
            {
                using var tar = new TarWriter(stream, format, leaveOpen: true);
                tar.WriteEntry(Entry(format, TarEntryType.Directory, "d/"));
                var file = Entry(format, format == TarEntryFormat.V7 ? TarEntryType.V7RegularFile : TarEntryType.RegularFile, "d/file.txt");
                file.DataStream = Text("content");
                tar.WriteEntry(file);
                var hard = Entry(format, TarEntryType.HardLink, "d/hard.txt");
                hard.LinkName = "d/file.txt";
                tar.WriteEntry(hard);
                foreach (var (name, target) in new[] { ("d/a", "."), ("d/b", "a/.."), ("d/c", "b/d/file.txt") })
                {
                    var link = Entry(format, TarEntryType.SymbolicLink, name);
                    link.LinkName = target;
                    tar.WriteEntry(link);
                }
                if (format is TarEntryFormat.Pax or TarEntryFormat.Gnu)
                {
                    var deep = Entry(format, TarEntryType.RegularFile, "d/" + new string('x', 150) + "/" + new string('y', 150));
                    deep.DataStream = Text("deep");
                    tar.WriteEntry(deep);
                }
            });
        // Hostile: names and links aimed at the sentinel folder, and a chain that climbs out one link at a time.
        Tar(stream =>
        {
            using var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);
            var relative = Path.GetRelativePath(_output, _outside);
            foreach (var (name, target) in new[] { ("x/a", "."), ("x/b", "a/.."), ("x/c", "b/.."), ("x/d", "c/outside"), ("up", relative), ("abs", _outside) })
                tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, Path.Combine(_outside, "absolute.txt")) { DataStream = Text("abs") });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, relative + "/relative.txt") { DataStream = Text("rel") });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "up/through.txt") { DataStream = Text("through") });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "hard") { LinkName = Path.Combine(_outside, "absolute.txt") });
        });
        // Compressed forms, so that mutations also reach the zstd frame.
        foreach (var tar in seeds.Take(3).ToList())
            seeds.Add([1, .. Compress(tar.AsSpan(1))]);
        return seeds;
    }

    private static TarEntry Entry(TarEntryFormat format, TarEntryType type, string name) => format switch
    {
        TarEntryFormat.Pax => new PaxTarEntry(type, name),
        TarEntryFormat.Gnu => new GnuTarEntry(type, name),
        TarEntryFormat.Ustar => new UstarTarEntry(type, name),
        _ => new V7TarEntry(type, name),
    };

    public void Dispose()
    {
        try { Directory.Delete(_sandbox, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
