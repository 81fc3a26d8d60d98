using System.Formats.Tar;
using System.Text;
using Fountain.Codec.Compression;

namespace Fountain.Benchmarks.ZstdReference;

internal enum ZstdImplementation { Native, ZstdSharp }

/// <summary>Mixed: an artwork as most are, mostly media zstd cannot shrink. Compressible: the same without the media, where zstd does its real work.</summary>
public enum SampleMix { Mixed, Compressible }

/// <summary>
/// A made-up but realistic artwork for the zstd comparison, and the archive path (tar + zstd, as ArchivePacker and
/// ArchiveExtractor use it, minus the disk) run through either implementation. The mix decides the result, since
/// zstd is fast on what it cannot compress and slow on what it can: <see cref="SampleMix.Mixed"/> is
/// already-compressed media (40%), a raw scan (25%), PCM audio (15%), text (12%), JSON (6%) and a few hundred small
/// metadata files; <see cref="SampleMix.Compressible"/> leaves the media out (scan 30%, audio 20%, text 30%, JSON 18%).
/// </summary>
internal static class ArchiveSample
{
    public static List<(string Name, byte[] Content)> Files(long totalBytes, SampleMix mix = SampleMix.Mixed, ulong seed = 2026)
    {
        var random = new XorShift(seed);
        int[] percent = mix == SampleMix.Mixed ? [40, 25, 15, 12, 6] : [0, 30, 20, 30, 18];
        var files = new List<(string, byte[])>
        {
            ("art/media.jpg", Media((int)(totalBytes * percent[0] / 100), random)),
            ("art/raw-scan.bmp", Scan((int)(totalBytes * percent[1] / 100), random)),
            ("art/audio.wav", Audio((int)(totalBytes * percent[2] / 100), random)),
            ("art/notes.txt", Text((int)(totalBytes * percent[3] / 100), random)),
            ("art/catalog.json", Json((int)(totalBytes * percent[4] / 100), random)),
        };
        long left = totalBytes - files.Sum(f => (long)f.Item2.Length);
        for (int i = 0; left > 0; i++, left -= 2048)
            files.Add(($"art/meta/{i:0000}.json", Json((int)Math.Min(2048, left), random)));
        return files;
    }

    public static byte[] Pack(IReadOnlyList<(string Name, byte[] Content)> files, ZstdImplementation implementation, int level)
    {
        var buffer = new MemoryStream();
        using (var zstd = implementation == ZstdImplementation.Native ? (Stream)new NativeZstdCompressStream(buffer, level, leaveOpen: true) : new ZstdCompressStream(buffer, level, leaveOpen: true))
        using (var tar = new TarWriter(zstd, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var (name, content) in files)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(content, writable: false) });
        return buffer.ToArray();
    }

    /// <summary>Reads every entry's content, then the frame to its end (checksum), as extraction does; returns the content bytes.</summary>
    public static long Unpack(byte[] archive, ZstdImplementation implementation)
    {
        using var zstd = Decompressor(archive, implementation);
        using var tar = new TarReader(zstd, leaveOpen: true);
        long bytes = 0;
        while (tar.GetNextEntry(copyData: false) is { } entry)
        {
            if (entry.DataStream is null) continue;
            entry.DataStream.CopyTo(Stream.Null);
            bytes += entry.Length;
        }
        zstd.CopyTo(Stream.Null);
        return bytes;
    }

    /// <summary>The tar inside the archive, for checking that both implementations read the same bytes.</summary>
    public static byte[] Decompress(byte[] archive, ZstdImplementation implementation)
    {
        using var zstd = Decompressor(archive, implementation);
        var tar = new MemoryStream();
        zstd.CopyTo(tar);
        return tar.ToArray();
    }

    /// <summary>zstd alone: decompresses into nothing, in 80 KiB reads (Stream.CopyTo's), without parsing the tar.</summary>
    public static void Drain(byte[] archive, ZstdImplementation implementation)
    {
        using var zstd = Decompressor(archive, implementation);
        zstd.CopyTo(Stream.Null);
    }

    private static Stream Decompressor(byte[] archive, ZstdImplementation implementation) => implementation == ZstdImplementation.Native
        ? new NativeZstdDecompressStream(new MemoryStream(archive, writable: false), long.MaxValue)
        : new ZstdDecompressStream(new MemoryStream(archive, writable: false), long.MaxValue);

    private static byte[] Media(int length, XorShift random)
    {
        var bytes = new byte[length];
        for (int i = 0; i + 8 <= length; i += 8) BitConverter.TryWriteBytes(bytes.AsSpan(i), random.Next());
        return bytes;
    }

    /// <summary>24-bit pixels of smooth gradients with a little sensor noise.</summary>
    private static byte[] Scan(int length, XorShift random)
    {
        var bytes = new byte[length];
        const int width = 2048;
        for (int i = 0; i < length; i++)
        {
            int pixel = i / 3, x = pixel % width, y = pixel / width, channel = i % 3;
            bytes[i] = (byte)((x * (channel + 1) + y * 2) / 8 + (int)(random.Next() & 3));
        }
        return bytes;
    }

    /// <summary>16-bit PCM: two tones and quiet noise.</summary>
    private static byte[] Audio(int length, XorShift random)
    {
        var bytes = new byte[length & ~1];
        for (int i = 0; i < bytes.Length / 2; i++)
        {
            var sample = (short)(8000 * Math.Sin(i * 0.031) + 3000 * Math.Sin(i * 0.0071) + (int)(random.Next() % 129) - 64);
            BitConverter.TryWriteBytes(bytes.AsSpan(2 * i), sample);
        }
        return bytes;
    }

    private static readonly string[] Words =
        ["the", "artwork", "block", "light", "colour", "of", "a", "study", "in", "masternode", "fountain", "blue",
         "and", "canvas", "series", "edition", "signed", "layer", "with", "network", "seed", "archive", "print"];

    private static byte[] Text(int length, XorShift random)
    {
        var text = new StringBuilder(length + 64);
        while (text.Length < length)
        {
            text.Append(Words[random.Next() % (ulong)Words.Length]);
            text.Append(random.Next() % 12 == 0 ? ".\n" : " ");
        }
        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }

    private static byte[] Json(int length, XorShift random)
    {
        var json = new StringBuilder(length + 256);
        for (int id = 0; json.Length < length; id++)
            json.Append($"{{\"id\":{id},\"title\":\"{Words[random.Next() % (ulong)Words.Length]} {Words[random.Next() % (ulong)Words.Length]}\",\"bytes\":{random.Next() % 100_000_000},\"sha3\":\"{random.Next():x16}\"}},\n");
        return Encoding.ASCII.GetBytes(json.ToString(0, length));
    }

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
