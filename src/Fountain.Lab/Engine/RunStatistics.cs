namespace Fountain.Lab.Engine;

/// <summary>Mean, minimum and maximum of one metric across the runs of a subset, per timestep 0..T.</summary>
public sealed record MetricSeries(string Metric, double[] Mean, double[] Min, double[] Max);

/// <summary>The statistics of one subset of one simulation: its parameters and a series per numeric metric.</summary>
public sealed record SubsetStatistics(int Simulation, string Label, int Subset, ParameterSet Parameters, int Runs, IReadOnlyList<MetricSeries> Series);

/// <summary>
/// Folds runs into per-subset statistics as they stream past (Welford-free: a running sum is exact enough for
/// the report's means, and min/max are exact), holding O(subsets × metrics × timesteps) numbers, not the runs.
/// </summary>
public sealed class RunStatistics : IRunSink
{
    private ExperimentPlan? _plan;
    private readonly Dictionary<(int Sim, int Subset), Accumulator> _accumulators = [];

    public IReadOnlyList<SubsetStatistics> Subsets { get; private set; } = [];

    public void Begin(ExperimentPlan plan) => _plan = plan;

    public void Accept(RunResult result)
    {
        var key = (result.Job.Simulation, result.Job.Subset);
        if (!_accumulators.TryGetValue(key, out var acc))
            _accumulators[key] = acc = new Accumulator(result.MetricNames, result.Timesteps);
        acc.Add(result);
    }

    public void End()
    {
        var plan = _plan ?? throw new InvalidOperationException("End without Begin.");
        Subsets = _accumulators.OrderBy(a => a.Key.Sim).ThenBy(a => a.Key.Subset)
            .Select(a => new SubsetStatistics(a.Key.Sim, plan.Experiment.Simulations[a.Key.Sim].Label, a.Key.Subset,
                plan.Subsets[a.Key.Sim][a.Key.Subset], a.Value.Runs, a.Value.ToSeries()))
            .ToArray();
    }

    private sealed class Accumulator(IReadOnlyList<string> names, int timesteps)
    {
        private readonly int _points = (timesteps + 1) * names.Count;
        private readonly double[] _sum = new double[(timesteps + 1) * names.Count];
        private readonly double[] _min = Enumerable.Repeat(double.PositiveInfinity, (timesteps + 1) * names.Count).ToArray();
        private readonly double[] _max = Enumerable.Repeat(double.NegativeInfinity, (timesteps + 1) * names.Count).ToArray();
        public int Runs { get; private set; }

        public void Add(RunResult r)
        {
            if (!r.MetricNames.SequenceEqual(names) || r.Metrics.Length != _points)
                throw new InvalidOperationException("Runs of one subset reported different metrics.");
            for (int i = 0; i < _points; i++)
            {
                double v = r.Metrics[i];
                _sum[i] += v;
                if (v < _min[i]) _min[i] = v;
                if (v > _max[i]) _max[i] = v;
            }
            Runs++;
        }

        public IReadOnlyList<MetricSeries> ToSeries()
        {
            int m = names.Count, n = timesteps + 1;
            return Enumerable.Range(0, m).Select(k => new MetricSeries(names[k],
                Enumerable.Range(0, n).Select(t => _sum[t * m + k] / Runs).ToArray(),
                Enumerable.Range(0, n).Select(t => _min[t * m + k]).ToArray(),
                Enumerable.Range(0, n).Select(t => _max[t * m + k]).ToArray())).ToArray();
        }
    }
}
