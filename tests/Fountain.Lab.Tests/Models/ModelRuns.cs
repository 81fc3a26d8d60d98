using Fountain.Lab.Engine;

namespace Fountain.Lab.Tests.Models;

/// <summary>Runs a model with its defaults plus overrides and returns the per-subset statistics.</summary>
internal static class ModelRuns
{
    public static ParameterSpace Space(IReadOnlyDictionary<string, object> defaults, params (string Name, object Value)[] overrides)
    {
        var space = new ParameterSpace();
        foreach (var (name, value) in defaults) space.Set(name, value);
        foreach (var (name, value) in overrides) space.Set(name, value is object[] list ? list : [value]);
        return space;
    }

    public static SubsetStatistics Run(LabModel model, ParameterSpace space, int runs, int timesteps, long seed = 1) => RunAll(model, space, runs, timesteps, seed)[0];

    public static IReadOnlyList<SubsetStatistics> RunAll(LabModel model, ParameterSpace space, int runs, int timesteps, long seed = 1)
    {
        var stats = new RunStatistics();
        var experiment = new Experiment(seed, [new SimulationSpec(model.Name, model, space, runs, timesteps)]) { LastSubstepOnly = true };
        ExperimentRunner.Run(experiment, [stats]);
        return stats.Subsets;
    }

    public static double Final(this SubsetStatistics stats, string metric) => stats.Series.Single(s => s.Metric == metric).Mean[^1];
}
