using System.Globalization;
using System.Text;

namespace Fountain.Codec.Archive;

/// <summary>
/// Writes a POSIX tar (pax interchange format) whose bytes depend only on the entries' names, types, contents,
/// link targets and the few mode bits Fountain keeps, so that packing the same files gives the same artwork id in
/// any process, at any time, as any user (FORMAT.md §1).
///
/// .NET's TarWriter cannot do this: in pax format it gives every entry an extended header named
/// "&lt;dir&gt;/PaxHeaders.&lt;process id&gt;/&lt;name&gt;" and records the modification time (the current time
/// when none is set). Here every entry is a ustar header with mtime 0, uid and gid 0 and empty owner names;
/// an extended header, always named <see cref="ExtendedHeaderName"/>, precedes it only when ustar cannot hold
/// the name or link target (more than 100 bytes, or not ASCII) or the size (8 GiB or more). The archive ends
/// with two zero blocks.
/// </summary>
internal sealed class CanonicalTarWriter(Stream output)
{
    public const string ExtendedHeaderName = "PaxHeader";

    /// <summary>Regular files without and with the owner's execute bit, folders, and links (whose mode nothing reads).</summary>
    public const UnixFileMode FileMode = (UnixFileMode)0b110_100_100;          // 0644
    public const UnixFileMode ExecutableMode = (UnixFileMode)0b111_101_101;    // 0755
    public const UnixFileMode FolderMode = (UnixFileMode)0b111_101_101;        // 0755
    public const UnixFileMode LinkMode = (UnixFileMode)0b111_111_111;          // 0777

    private const int BlockBytes = 512;
    private const long MaxUstarSize = (1L << 33) - 1; // 11 octal digits
    private readonly byte[] _header = new byte[BlockBytes];

    public void WriteFolder(string name) => WriteHeader(name.EndsWith('/') ? name : name + "/", '5', FolderMode, 0, null);

    public void WriteLink(string name, string target) => WriteHeader(name, '2', LinkMode, 0, target);

    /// <summary>Writes a regular file of exactly <paramref name="length"/> bytes read from <paramref name="content"/>.</summary>
    public void WriteFile(string name, bool executable, Stream content, long length)
    {
        WriteHeader(name, '0', executable ? ExecutableMode : FileMode, length, null);
        var buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0)
        {
            int read = content.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0) throw new ArchiveException($"'{name}' became shorter while it was being packed.");
            output.Write(buffer, 0, read);
            left -= read;
        }
        Pad(length);
    }

    /// <summary>The end-of-archive marker: two zero blocks.</summary>
    public void Finish() => output.Write(new byte[2 * BlockBytes]);

    private void WriteHeader(string name, char type, UnixFileMode mode, long size, string? linkTarget)
    {
        var records = new StringBuilder();
        if (!FitsUstar(name)) AddRecord(records, "path", name);
        if (linkTarget is not null && !FitsUstar(linkTarget)) AddRecord(records, "linkpath", linkTarget);
        if (size > MaxUstarSize) AddRecord(records, "size", size.ToString(CultureInfo.InvariantCulture));
        if (records.Length > 0)
        {
            var data = Encoding.UTF8.GetBytes(records.ToString());
            WriteUstar(ExtendedHeaderName, 'x', FileMode, data.Length, null);
            output.Write(data);
            Pad(data.Length);
        }
        WriteUstar(name, type, mode, size > MaxUstarSize ? 0 : size, linkTarget);
    }

    private void WriteUstar(string name, char type, UnixFileMode mode, long size, string? linkTarget)
    {
        var h = _header.AsSpan();
        h.Clear();
        PutText(h[..100], name);
        PutOctal(h.Slice(100, 8), (long)mode);
        PutOctal(h.Slice(108, 8), 0);    // uid
        PutOctal(h.Slice(116, 8), 0);    // gid
        PutOctal(h.Slice(124, 12), size);
        PutOctal(h.Slice(136, 12), 0);   // mtime: not part of an artwork (extraction never restored it)
        h.Slice(148, 8).Fill((byte)' '); // the checksum counts its own field as spaces
        h[156] = (byte)type;
        if (linkTarget is not null) PutText(h.Slice(157, 100), linkTarget);
        "ustar\0"u8.CopyTo(h[257..]);
        "00"u8.CopyTo(h[263..]);
        // uname, gname, devmajor, devminor and prefix stay empty.
        int sum = 0;
        foreach (byte b in h) sum += b;
        PutOctal(h.Slice(148, 7), sum);   // six digits and a NUL, then the space already there
        output.Write(h);
    }

    /// <summary>True when ustar's 100-byte field holds the text as it is (ASCII, no NUL); otherwise a pax record carries it.</summary>
    private static bool FitsUstar(string text) => text.Length <= 100 && Ascii.IsValid(text) && !text.Contains('\0');

    /// <summary>The field gets the text's first bytes; when a pax record carries the whole text, readers ignore the field.</summary>
    private static void PutText(Span<byte> field, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes.AsSpan(0, Math.Min(bytes.Length, field.Length)).CopyTo(field);
    }

    /// <summary>Zero-padded octal filling the field but its last byte, which stays NUL.</summary>
    private static void PutOctal(Span<byte> field, long value)
    {
        var digits = Convert.ToString(value, 8).PadLeft(field.Length - 1, '0');
        if (digits.Length > field.Length - 1) throw new ArgumentOutOfRangeException(nameof(value), value, "The value does not fit its tar field.");
        Encoding.ASCII.GetBytes(digits, field);
        field[^1] = 0;
    }

    /// <summary>A pax record, "&lt;length&gt; &lt;key&gt;=&lt;value&gt;\n", whose length counts its own digits.</summary>
    private static void AddRecord(StringBuilder records, string key, string value)
    {
        int body = 1 + Encoding.UTF8.GetByteCount(key) + 1 + Encoding.UTF8.GetByteCount(value) + 1;
        int length = body + 1;
        while (length != body + length.ToString(CultureInfo.InvariantCulture).Length) length = body + length.ToString(CultureInfo.InvariantCulture).Length;
        records.Append(CultureInfo.InvariantCulture, $"{length} {key}={value}\n");
    }

    private void Pad(long length)
    {
        int rest = (int)(length % BlockBytes);
        if (rest != 0) output.Write(new byte[BlockBytes - rest]);
    }
}
