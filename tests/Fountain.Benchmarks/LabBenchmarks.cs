using BenchmarkDotNet.Attributes;
using Fountain.Lab.Engine;
using Fountain.Lab.Scenarios;

namespace Fountain.Benchmarks;

/// <summary>
/// The lab's benchmark model (the challenge model at its defaults: 1,000 nodes, 1,000 timesteps, 10 runs, CSV
/// formatted). Timesteps per second = 10,000 ÷ the mean time. The comparison with plain Python is
/// lab-vs-python/run.sh, which runs both in one script.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class LabBenchmarks
{
    [Params(1000)]
    public int Nodes { get; set; }

    [Benchmark(Description = "challenge model, 1,000 timesteps × 10 runs, all cores")]
    public void ChallengeModel() => ExperimentRunner.Run(LabBenchmark.Experiment(Nodes, 1000, 10, seed: 1), [new CsvResultSink(TextWriter.Null)]);
}
