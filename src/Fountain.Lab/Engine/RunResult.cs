namespace Fountain.Lab.Engine;

/// <summary>
/// What one run produced: its CSV rows (already formatted, so that formatting runs in parallel too) and, for the
/// report, its numeric metrics at the last substep of each timestep 0..T (row-major: timestep, then metric).
/// </summary>
public sealed class RunResult
{
    internal RunResult(RunJob job, string csvRows, IReadOnlyList<string> metricNames, double[] metrics, int timesteps)
    {
        Job = job;
        CsvRows = csvRows;
        MetricNames = metricNames;
        Metrics = metrics;
        Timesteps = timesteps;
    }

    public RunJob Job { get; }
    public string CsvRows { get; }
    public IReadOnlyList<string> MetricNames { get; }
    public int Timesteps { get; }
    internal double[] Metrics { get; }

    /// <summary>Metric <paramref name="metric"/> (its position in <see cref="MetricNames"/>) after timestep <paramref name="timestep"/>.</summary>
    public double Metric(int timestep, int metric) => Metrics[timestep * MetricNames.Count + metric];
}

/// <summary>Receives every run's result in output order (simulation, subset, run), one at a time, on one thread.</summary>
public interface IRunSink
{
    void Begin(ExperimentPlan plan);
    void Accept(RunResult result);
    void End();
}
