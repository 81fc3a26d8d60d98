using System.Formats.Tar;
using Fountain.Codec.Compression;

namespace Fountain.Codec.Archive;

/// <summary>What an extraction wrote: top-level names in the output folder, files and bytes.</summary>
public sealed record ExtractionResult(IReadOnlyList<string> TopLevelNames, int Files, long Bytes);

/// <summary>
/// Extracts a tar + zstd archive into a folder, refusing anything that could write outside it or exhaust the
/// machine: absolute names, "..", backslashes and NULs in names, symbolic links that resolve outside the output
/// folder (through the archive's other links and the links already there: <see cref="LinkResolver"/>), hard links
/// to anything but a file earlier in the archive, devices and pipes, duplicate names, and archives past
/// <see cref="ArchiveLimits"/>.
///
/// Everything is first written into a staging folder inside the output folder; only when the whole archive
/// has been read and checked are its top-level entries moved into place, none of them over an existing name
/// (a dangling link counts as existing). On any failure the staging folder is removed, so a failed extraction
/// leaves the output as it found it. Symbolic links are created last, after every file and only once every link
/// has been resolved, so that no file is ever written through one; links at the top level are created in the
/// output folder directly rather than moved there.
/// </summary>
public static class ArchiveExtractor
{
    private const string StagingPrefix = ".fountain-extract-";

    /// <summary>NAME_MAX of Linux and of most file systems: longer names cannot be created, so they are refused as such.</summary>
    private const int MaxNameComponentBytes = 255;

    /// <summary>Extracts an archive held in memory (a decoder's result) without copying it.</summary>
    public static ExtractionResult Extract(ReadOnlyMemory<byte> compressedArchive, string outputDirectory, ArchiveLimits? limits = null)
    {
        using var stream = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(compressedArchive, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(compressedArchive.ToArray(), writable: false);
        return Extract(stream, outputDirectory, limits);
    }

    public static ExtractionResult Extract(Stream compressedArchive, string outputDirectory, ArchiveLimits? limits = null)
    {
        limits ??= ArchiveLimits.Default;
        var output = Path.GetFullPath(outputDirectory);
        bool createdOutput = !Directory.Exists(output);
        Directory.CreateDirectory(output);
        var staging = Path.Combine(output, StagingPrefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            var (result, topLevelLinks) = ExtractInto(compressedArchive, staging, output, limits);
            MoveIntoPlace(staging, output, result.TopLevelNames, topLevelLinks);
            Directory.Delete(staging);
            return result;
        }
        catch (Exception e)
        {
            TryDelete(staging);
            if (createdOutput) TryDelete(output);
            if (e is ArchiveException) throw;
            // Names that fit the limits can still make a path longer than the system takes under this output folder.
            if (e is PathTooLongException)
                throw new ArchiveException($"The archive holds a name too long to create under '{output}': {e.Message}", e);
            // The tar reader reports a malformed header through several exception types; all mean the same here.
            // (InvalidOperationException: a pax header whose size field exceeds what the reader reads; found by fuzzing.)
            if (e is InvalidDataException or EndOfStreamException or FormatException or OverflowException or ArgumentException or InvalidOperationException)
                throw new ArchiveException($"The archive is damaged or not a tar + zstd archive: {e.Message}", e);
            // The reader does not read some entry types at all (GNU sparse files, found by fuzzing); they are refused like devices.
            if (e is NotSupportedException)
                throw new ArchiveException($"The archive holds an entry this extractor does not read: {e.Message}", e);
            throw;
        }
    }

    private static (ExtractionResult Result, IReadOnlyList<(string Name, string Target)> TopLevelLinks) ExtractInto(
        Stream compressedArchive, string root, string output, ArchiveLimits limits)
    {
        // The tar stream itself may be a little larger than the content (headers, padding): allow for that.
        long maxTarBytes = limits.MaxExtractedBytes + (long)limits.MaxEntries * 3 * 512 + 1024 * 1024;
        using var zstd = new ZstdDecompressStream(compressedArchive, maxTarBytes, leaveOpen: true);
        using var reader = new TarReader(zstd, leaveOpen: true);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var regularFiles = new HashSet<string>(StringComparer.Ordinal);
        var topLevel = new List<string>();
        var links = new List<(string Name, string Target)>();
        var resolver = new LinkResolver(output);
        var leaves = new Dictionary<string, string>(StringComparer.Ordinal); // files and links: names nothing may lie under
        var ancestors = new HashSet<string>(StringComparer.Ordinal);
        int entries = 0, files = 0;
        long bytes = 0;

        TarEntry? entry;
        while ((entry = reader.GetNextEntry(copyData: false)) is not null)
        {
            if (++entries > limits.MaxEntries) throw new ArchiveException($"The archive has more than {limits.MaxEntries} entries.");
            var name = NormaliseName(entry.Name, limits);
            if (name is null) continue; // "." or "./": the archive's own root.
            if (!seen.Add(name)) throw new ArchiveException($"The archive holds '{name}' twice.");
            CheckPlace(name, entry.EntryType, leaves, ancestors);
            var top = name.Split('/')[0];
            if (!topLevel.Contains(top)) topLevel.Add(top);
            var path = Path.Combine(root, name);

            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(path);
                    resolver.AddFolder(name);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    bytes += entry.Length;
                    if (bytes > limits.MaxExtractedBytes) throw new ArchiveException($"The archive expands past the limit of {limits.MaxExtractedBytes} bytes.");
                    WriteFile(path, entry.DataStream, entry.Length, entry.Mode);
                    regularFiles.Add(name);
                    resolver.AddFile(name);
                    files++;
                    break;
                case TarEntryType.HardLink:
                    // A hard link is extracted as a copy of a file this archive already wrote, never as a link.
                    var linked = NormaliseName(entry.LinkName, limits);
                    if (linked is null || !regularFiles.Contains(linked))
                        throw new ArchiveException($"'{name}' is a hard link to '{entry.LinkName}', which is not a file earlier in the archive.");
                    var source = Path.Combine(root, linked);
                    bytes += new FileInfo(source).Length;
                    if (bytes > limits.MaxExtractedBytes) throw new ArchiveException($"The archive expands past the limit of {limits.MaxExtractedBytes} bytes.");
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.Copy(source, path);
                    regularFiles.Add(name);
                    resolver.AddFile(name);
                    files++;
                    break;
                case TarEntryType.SymbolicLink:
                    CheckLinkTarget(root, name, entry.LinkName);
                    links.Add((name, entry.LinkName));
                    resolver.AddLink(name, entry.LinkName);
                    break;
                default:
                    throw new ArchiveException($"'{name}' is a {entry.EntryType} entry; only files, folders and links are extracted.");
            }
        }
        // The tar reader stops at the end-of-archive marker; read the zstd frame to its end so that its checksum
        // is verified and a damaged or truncated tail is noticed. Trailing bytes count toward the size limit.
        zstd.CopyTo(Stream.Null);
        // Only now is every link of the archive known, and a chain can run through links that come later.
        foreach (var (name, _) in links) resolver.CheckInside(name);
        var topLevelLinks = new List<(string Name, string Target)>();
        foreach (var (name, target) in links)
        {
            if (!name.Contains('/')) { topLevelLinks.Add((name, target)); continue; }
            var linkPath = Path.Combine(root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(linkPath)!);
            File.CreateSymbolicLink(linkPath, target);
        }
        return (new ExtractionResult(topLevel, files, bytes), topLevelLinks);
    }

    /// <summary>The entry's path relative to the root, or null for the root itself; throws for a name that could escape.</summary>
    private static string? NormaliseName(string raw, ArchiveLimits limits)
    {
        if (string.IsNullOrEmpty(raw)) throw new ArchiveException("The archive has an entry with an empty name.");
        if (raw.Length > limits.MaxPathLength) throw new ArchiveException($"An entry name is longer than {limits.MaxPathLength} characters.");
        if (raw.Contains('\0') || raw.Contains('\\')) throw new ArchiveException($"The entry name '{Printable(raw)}' contains a NUL or backslash.");
        if (raw.StartsWith('/') || Path.IsPathRooted(raw)) throw new ArchiveException($"The entry '{Printable(raw)}' has an absolute path.");
        var parts = new List<string>();
        foreach (var part in raw.Split('/'))
        {
            if (part is "" or ".") continue;
            if (part == "..") throw new ArchiveException($"The entry '{Printable(raw)}' climbs out with '..'.");
            if (System.Text.Encoding.UTF8.GetByteCount(part) > MaxNameComponentBytes)
                throw new ArchiveException($"The entry '{Printable(raw)}' has a name part longer than {MaxNameComponentBytes} bytes, which file systems cannot create.");
            parts.Add(part);
        }
        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    /// <summary>
    /// Nothing may lie under a symbolic link or a file, in either order: writing through a link is how archives
    /// escape, and a name cannot be a file (or link) and a folder at once. Checked here so that such an archive is
    /// refused as such, not by the file system's "already exists" halfway through.
    /// </summary>
    private static void CheckPlace(string name, TarEntryType type, Dictionary<string, string> leaves, HashSet<string> ancestors)
    {
        if (type != TarEntryType.Directory)
        {
            var kind = type == TarEntryType.SymbolicLink ? "a symbolic link" : "a file";
            if (ancestors.Contains(name)) throw new ArchiveException($"'{name}' is {kind} and also a folder of other entries.");
            leaves[name] = kind;
        }
        for (int slash = name.IndexOf('/'); slash >= 0; slash = name.IndexOf('/', slash + 1))
        {
            var ancestor = name[..slash];
            if (leaves.TryGetValue(ancestor, out var kind)) throw new ArchiveException($"'{name}' lies under '{ancestor}', which is {kind}.");
            ancestors.Add(ancestor);
        }
    }

    /// <summary>
    /// The checks a link target can have alone, made as the entry is read so that a plain escape fails early;
    /// <see cref="LinkResolver"/> decides, at the end, with every link known.
    /// </summary>
    private static void CheckLinkTarget(string root, string name, string target)
    {
        if (string.IsNullOrEmpty(target) || target.Contains('\0') || Path.IsPathRooted(target))
            throw new ArchiveException($"'{name}' is a symbolic link to '{Printable(target)}': absolute or empty link targets are refused.");
        var linkDirectory = Path.GetDirectoryName(Path.Combine(root, name))!;
        var resolved = Path.GetFullPath(Path.Combine(linkDirectory, target));
        if (!ArchivePacker.IsInside(resolved, root))
            throw new ArchiveException($"'{name}' is a symbolic link to '{Printable(target)}', outside the archive.");
    }

    private static void WriteFile(string path, Stream? data, long length, UnixFileMode mode)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // CreateNew: never follow or replace whatever is already there.
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
        {
            if (data is not null) data.CopyTo(file);
            if (file.Length != length) throw new ArchiveException($"'{path}' is truncated in the archive.");
        }
        var safeMode = (mode & ~(UnixFileMode.SetUser | UnixFileMode.SetGroup | UnixFileMode.StickyBit)) | UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, safeMode);
    }

    private static void MoveIntoPlace(string staging, string output, IReadOnlyList<string> names, IReadOnlyList<(string Name, string Target)> topLevelLinks)
    {
        var clash = names.FirstOrDefault(n => ExistsOrIsLink(Path.Combine(output, n)));
        if (clash is not null) throw new ArchiveException($"'{Path.Combine(output, clash)}' already exists; extract into an empty folder.");
        var linkNames = topLevelLinks.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in names.Where(n => !linkNames.Contains(n)))
        {
            var from = Path.Combine(staging, name);
            var to = Path.Combine(output, name);
            if (Directory.Exists(from)) Directory.Move(from, to);
            else File.Move(from, to);
        }
        // symlink(2) fails on any existing name, so creating a link here never writes through another one.
        foreach (var (name, target) in topLevelLinks) File.CreateSymbolicLink(Path.Combine(output, name), target);
    }

    /// <summary>Path.Exists follows links, so a dangling link would look free; it is not.</summary>
    private static bool ExistsOrIsLink(string path) => Path.Exists(path) || new FileInfo(path).LinkTarget is not null;

    private static void TryDelete(string directory)
    {
        try { if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static string Printable(string s) => s.Replace("\0", "\\0");
}
