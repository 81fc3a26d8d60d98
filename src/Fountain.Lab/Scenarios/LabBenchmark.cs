using System.Diagnostics;
using Fountain.Lab.Engine;
using Fountain.Lab.Models.Challenges;

namespace Fountain.Lab.Scenarios;

/// <summary>A timing of the benchmark model (the challenge model at its defaults, N nodes), the shape tests/Fountain.Benchmarks/lab-vs-python compares with Python.</summary>
public sealed record LabBenchmarkResult(int Nodes, int Timesteps, int Runs, int Threads, double Seconds, double CpuSeconds)
{
    /// <summary>Timesteps per second of processor time (all threads): the figure that load from other processes disturbs least.</summary>
    public double TimestepsPerCpuSecond => Timesteps * (double)Runs / CpuSeconds;

    public double TimestepsPerSecond => Timesteps * (double)Runs / Seconds;
}

/// <summary>Runs the benchmark model: a short warm-up (so that the timing measures the model, not the JIT), then the timed experiment, CSV included.</summary>
public static class LabBenchmark
{
    /// <summary>The benchmark experiment: the challenge model at its defaults with <paramref name="nodes"/> nodes, last substep only.</summary>
    public static Experiment Experiment(int nodes, int timesteps, int runs, long seed, int? threads = null) =>
        new(seed, [new SimulationSpec(ChallengeModel.Name, ChallengeModel.Create(), Space(nodes), runs, timesteps)])
        {
            LastSubstepOnly = true,
            MaxDegreeOfParallelism = threads ?? Environment.ProcessorCount,
        };

    public static LabBenchmarkResult Run(int nodes, int timesteps, int runs, long seed, TextWriter csv, int? threads = null)
    {
        Experiment Build(int t, int r) => Experiment(nodes, t, r, seed, threads);
        ExperimentRunner.Run(Build(50, 2), [new CsvResultSink(TextWriter.Null)]);
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        ExperimentRunner.Run(Build(timesteps, runs), [new CsvResultSink(csv)]);
        double seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return new LabBenchmarkResult(nodes, timesteps, runs, threads ?? Environment.ProcessorCount, seconds, (process.TotalProcessorTime - cpu).TotalSeconds);
    }

    private static ParameterSpace Space(int nodes)
    {
        var space = new ParameterSpace();
        foreach (var (k, v) in ChallengeModel.Defaults) space.Set(k, v);
        return space.Set("nodes", (long)nodes);
    }
}
