using System.Diagnostics;
using Fountain.Codec.Hashing;

namespace Fountain.Benchmarks;

/// <summary>
/// <see cref="Sha3Benchmarks"/> in a Stopwatch loop: platform and BouncyCastle alternate over the same 64 MiB, best
/// and median of the trials, and the digests are compared on the way.
/// Run: <c>dotnet run -c Release --project tests/Fountain.Benchmarks -- sha3-quick [MiB] [trials]</c>.
/// </summary>
internal static class Sha3Quick
{
    public static void Run(int mebibytes = 64, int trials = 7)
    {
        var data = new byte[mebibytes << 20];
        new Random(42).NextBytes(data);
        var engines = new[] { Sha3Engine.Platform, Sha3Engine.BouncyCastle };
        var seconds = engines.ToDictionary(e => e, _ => new List<double>());
        var digests = engines.ToDictionary(e => e, _ => new byte[32]);
        foreach (var engine in engines) engine.Hash(data, digests[engine]); // warm-up (JIT, page faults)
        for (int trial = 0; trial < trials; trial++)
            foreach (var engine in engines)
            {
                var clock = Stopwatch.StartNew();
                engine.Hash(data, digests[engine]);
                seconds[engine].Add(clock.Elapsed.TotalSeconds);
            }
        if (!digests[Sha3Engine.Platform].AsSpan().SequenceEqual(digests[Sha3Engine.BouncyCastle]))
            throw new InvalidOperationException("The two SHA3-256 implementations disagree.");

        Console.WriteLine($"SHA3-256 over {mebibytes} MiB, one-shot, {trials} trials, best (median); same digest from both");
        foreach (var engine in engines)
            Console.WriteLine($"{engine.Name,-13} {data.Length / 1e6 / seconds[engine].Min(),7:0.0} MB/s ({data.Length / 1e6 / Median(seconds[engine]),7:0.0})");
        var (platform, bouncy) = (seconds[Sha3Engine.Platform], seconds[Sha3Engine.BouncyCastle]);
        Console.WriteLine($"BouncyCastle/platform: speed {platform.Min() / bouncy.Min():0.00}x ({Median(platform) / Median(bouncy):0.00}x), time {bouncy.Min() / platform.Min():0.00}x");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
