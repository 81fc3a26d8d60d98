using System.Diagnostics;
using Fountain.Codec.Hashing;

namespace Fountain.Benchmarks.ZstdReference;

/// <summary>
/// The zstd comparison in a Stopwatch loop, for a figure in seconds: each trial packs and unpacks with native
/// libzstd and then with ZstdSharp, one after the other, so both see the same machine state; the best and the median
/// of the trials are reported. Before timing it checks what matters more than speed: each reads the other's archive
/// bit-exact, and whether both write the same bytes (if so, artwork ids do not depend on which one packed).
/// Rows: pack and unpack are the archive path (tar + zstd); decomp is zstd alone, output discarded, no tar.
/// Run: <c>dotnet run -c Release --project tests/Fountain.Benchmarks -- zstd-quick [MiB] [trials]</c>.
/// </summary>
internal static class ZstdQuick
{
    public static void Run(int mebibytes = 32, int trials = 5)
    {
        Cold(ArchiveSample.Files((long)mebibytes << 20));
        foreach (var mix in Enum.GetValues<SampleMix>())
            Run(ArchiveSample.Files((long)mebibytes << 20, mix), $"{mebibytes} MiB {mix.ToString().ToLowerInvariant()} sample", trials);
    }

    private static void Run(List<(string Name, byte[] Content)> files, string sample, int trials)
    {
        long inputBytes = files.Sum(f => (long)f.Content.Length);
        Console.WriteLine($"zstd: {sample} ({files.Count} files), tar + zstd in memory, {trials} trials, best (median); MB/s of content");
        Console.WriteLine("level | op     | native ms        | ZstdSharp ms     | time ZstdSharp/native | native MB/s | ZstdSharp MB/s");
        foreach (int level in new[] { 3, 15 })
        {
            var native = ArchiveSample.Pack(files, ZstdImplementation.Native, level);
            var sharp = ArchiveSample.Pack(files, ZstdImplementation.ZstdSharp, level);
            CheckInterop(native, sharp, level);

            var times = new Dictionary<string, List<double>>();
            foreach (var op in Ops) { times[op + " native"] = []; times[op + " sharp"] = []; }
            for (int trial = 0; trial < trials; trial++)
            {
                times["pack native"].Add(Time(() => ArchiveSample.Pack(files, ZstdImplementation.Native, level)));
                times["pack sharp"].Add(Time(() => ArchiveSample.Pack(files, ZstdImplementation.ZstdSharp, level)));
                // Both unpack the archive native zstd wrote: the same bytes, and the case of artworks already stored.
                times["unpack native"].Add(Time(() => ArchiveSample.Unpack(native, ZstdImplementation.Native)));
                times["unpack sharp"].Add(Time(() => ArchiveSample.Unpack(native, ZstdImplementation.ZstdSharp)));
                // zstd alone, without the tar reader, which dilutes the unpack figures.
                times["decomp native"].Add(Time(() => ArchiveSample.Drain(native, ZstdImplementation.Native)));
                times["decomp sharp"].Add(Time(() => ArchiveSample.Drain(native, ZstdImplementation.ZstdSharp)));
            }
            foreach (var op in Ops)
            {
                var (n, s) = (times[op + " native"], times[op + " sharp"]);
                string ratio = $"{s.Min() / n.Min():0.00} ({Median(s) / Median(n):0.00})";
                Console.WriteLine($"{level,5} | {op,-6} | {Figure(n),-16} | {Figure(s),-16} | {ratio,-21} | {inputBytes / 1e3 / n.Min(),11:0.0} | {inputBytes / 1e3 / s.Min(),14:0.0}");
            }
        }
    }

    /// <summary>
    /// The first pack and unpack in a fresh process, at level 3, as a one-shot `fountain encode` or `decode` sees them:
    /// ZstdSharp's code is compiled (and first runs unoptimised) on the way, native code is not. Native goes first and
    /// so also pays for compiling the tar code both share, which if anything flatters ZstdSharp.
    /// </summary>
    private static void Cold(List<(string Name, byte[] Content)> files)
    {
        byte[] archive = [];
        double packNative = Time(() => archive = ArchiveSample.Pack(files, ZstdImplementation.Native, 3));
        double packSharp = Time(() => ArchiveSample.Pack(files, ZstdImplementation.ZstdSharp, 3));
        double unpackNative = Time(() => ArchiveSample.Unpack(archive, ZstdImplementation.Native));
        double unpackSharp = Time(() => ArchiveSample.Unpack(archive, ZstdImplementation.ZstdSharp));
        Console.WriteLine($"cold, first call in this process, level 3, mixed: pack native {packNative:0} ms, ZstdSharp {packSharp:0} ms ({packSharp / packNative:0.00}x); " +
            $"unpack native {unpackNative:0} ms, ZstdSharp {unpackSharp:0} ms ({unpackSharp / unpackNative:0.00}x)");
    }

    private static readonly string[] Ops = ["pack", "unpack", "decomp"];

    private static void CheckInterop(byte[] native, byte[] sharp, int level)
    {
        var tar = ArchiveSample.Decompress(native, ZstdImplementation.Native);
        if (!ArchiveSample.Decompress(native, ZstdImplementation.ZstdSharp).AsSpan().SequenceEqual(tar))
            throw new InvalidOperationException($"level {level}: ZstdSharp did not read native zstd's archive bit-exact");
        if (!ArchiveSample.Decompress(sharp, ZstdImplementation.Native).AsSpan().SequenceEqual(ArchiveSample.Decompress(sharp, ZstdImplementation.ZstdSharp)))
            throw new InvalidOperationException($"level {level}: native zstd and ZstdSharp read ZstdSharp's archive differently");
        bool same = native.AsSpan().SequenceEqual(sharp);
        Console.WriteLine($"level {level}: archive native {native.Length:N0} B, ZstdSharp {sharp.Length:N0} B (tar {tar.Length:N0} B); each reads the other's bit-exact; " +
            (same ? "identical bytes, same artwork id" : $"different bytes, so a different artwork id (native {Sha3.Hash(native).ToString()[..12]}…, ZstdSharp {Sha3.Hash(sharp).ToString()[..12]}…)"));
    }

    private static double Time(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static string Figure(List<double> milliseconds) => $"{milliseconds.Min(),7:0.0} ({Median(milliseconds),6:0.0})";

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
