using System.Formats.Tar;
using Fountain.Codec.Compression;
using Fountain.Codec.Hashing;

namespace Fountain.Codec.Archive;

/// <summary>The archive of an artwork: its compressed bytes and its id, the SHA3-256 of those bytes.</summary>
public sealed record PackedArchive(byte[] Bytes, Hash256 ArtworkId, int Entries, long InputBytes);

/// <summary>
/// Packs files and folders into tar (pax) + zstd, as the seed does before encoding, plus an optional metadata
/// ticket stored as <see cref="TicketEntryName"/>. The archive is a pure function of what an artwork is: the
/// entries' names (in ordinal order), types, contents and link targets, whether each file is executable, the
/// ticket, and the zstd level (and zstd's version: see FORMAT.md §1). Nothing else is recorded
/// (<see cref="CanonicalTarWriter"/>): not the packing process (.NET's TarWriter names pax headers after the
/// process id), not times (extraction never restored them, so they were never part of an artwork), not owners,
/// not permission bits other than execute (a umask would change them). So the same files give the same artwork
/// id in any process, on any machine. Symbolic links are kept only when they point inside what is packed
/// (extraction would refuse the others); devices and pipes are refused.
/// </summary>
public static class ArchivePacker
{
    public const string TicketEntryName = "fountain-ticket.json";

    /// <summary>The largest archive the in-memory encoder takes (a .NET array).</summary>
    public static long MaxArchiveBytes => Array.MaxLength;

    public static PackedArchive Pack(IReadOnlyList<string> paths, int zstdLevel, ReadOnlyMemory<byte>? metadataTicket = null, IProgress<long>? inputBytesRead = null)
    {
        if (paths.Count == 0) throw new ArchiveException("Nothing to pack: give at least one file or folder.");
        var entries = CollectEntries(paths);
        if (metadataTicket is not null && entries.Any(e => e.Name == TicketEntryName))
            throw new ArchiveException($"An input is named '{TicketEntryName}', which is reserved for the metadata ticket.");

        using var buffer = new MemoryStream();
        long inputBytes = 0;
        using (var zstd = new ZstdCompressStream(buffer, zstdLevel, leaveOpen: true))
        {
            var tar = new CanonicalTarWriter(zstd);
            if (metadataTicket is { } ticket)
                tar.WriteFile(TicketEntryName, executable: false, new MemoryStream(ticket.ToArray()), ticket.Length);
            foreach (var source in entries)
                inputBytes += WriteEntry(tar, source, inputBytesRead, inputBytes);
            tar.Finish();
        }
        if (buffer.Length > MaxArchiveBytes) throw new ArchiveException($"The archive is {buffer.Length} bytes; the encoder takes at most {MaxArchiveBytes}.");
        var bytes = buffer.ToArray();
        return new PackedArchive(bytes, Sha3.Hash(bytes), entries.Count + (metadataTicket is null ? 0 : 1), inputBytes);
    }

    private sealed record SourceEntry(string Name, FileSystemInfo Info, string? LinkTarget);

    private static List<SourceEntry> CollectEntries(IReadOnlyList<string> paths)
    {
        var entries = new List<SourceEntry>();
        foreach (var path in paths)
        {
            var full = Path.GetFullPath(path);
            var info = Directory.Exists(full) && !IsLink(full) ? (FileSystemInfo)new DirectoryInfo(full) : new FileInfo(full);
            if (!info.Exists && info.LinkTarget is null) throw new ArchiveException($"'{path}' does not exist.");
            var rootName = Path.GetFileName(Path.TrimEndingDirectorySeparator(full));
            if (string.IsNullOrEmpty(rootName)) throw new ArchiveException($"'{path}' has no name to store it under (the file system root cannot be packed).");
            Collect(info, rootName, Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(full))!, entries);
        }
        var duplicate = entries.GroupBy(e => e.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArchiveException($"Two inputs would be stored as '{duplicate.Key}'; rename one or pack their parent folder.");
        entries.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return entries;
    }

    private static void Collect(FileSystemInfo info, string name, string packRoot, List<SourceEntry> entries)
    {
        if (info.LinkTarget is { } target)
        {
            // A link is kept as a link only if it resolves inside what is being packed.
            var resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(info.FullName)!, target));
            if (Path.IsPathRooted(target) || !IsInside(resolved, packRoot))
                throw new ArchiveException($"'{info.FullName}' is a symbolic link to '{target}', outside what is packed; pack its target instead.");
            entries.Add(new SourceEntry(name, info, target));
            return;
        }
        if (info is DirectoryInfo directory)
        {
            entries.Add(new SourceEntry(name + "/", info, null));
            foreach (var child in directory.EnumerateFileSystemInfos())
                Collect(child, name + "/" + child.Name, packRoot, entries);
            return;
        }
        if (IsSpecial((FileInfo)info))
            throw new ArchiveException($"'{info.FullName}' is a device, pipe or socket; only files, folders and links are packed.");
        entries.Add(new SourceEntry(name, info, null));
    }

    private static long WriteEntry(CanonicalTarWriter tar, SourceEntry source, IProgress<long>? progress, long readSoFar)
    {
        var info = source.Info;
        if (source.LinkTarget is not null)
        {
            tar.WriteLink(source.Name, source.LinkTarget);
            return 0;
        }
        if (info is DirectoryInfo)
        {
            tar.WriteFolder(source.Name);
            return 0;
        }
        // Of the permission bits only "executable" is part of an artwork; Windows has no such bit.
        bool executable = !OperatingSystem.IsWindows() && File.GetUnixFileMode(info.FullName).HasFlag(UnixFileMode.UserExecute);
        using var file = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var counted = new ProgressStream(file, progress, readSoFar);
        long length = file.Length;
        tar.WriteFile(source.Name, executable, counted, length);
        return length;
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    /// <summary>
    /// .NET reports devices, pipes and sockets as plain files, and opening a pipe would block. All of them have
    /// size 0, so a file with content is regular; an empty one is told apart by the type TarWriter records for it.
    /// </summary>
    private static bool IsSpecial(FileInfo file)
    {
        if (file.Length > 0) return false;
        using var probe = new MemoryStream();
        using (var writer = new TarWriter(probe, leaveOpen: true)) writer.WriteEntry(file.FullName, "probe");
        probe.Position = 0;
        using var reader = new TarReader(probe);
        return reader.GetNextEntry()?.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile);
    }

    internal static bool IsInside(string fullPath, string root)
    {
        var relative = Path.GetRelativePath(root, fullPath);
        return relative != ".." && !relative.StartsWith("../", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }
}
