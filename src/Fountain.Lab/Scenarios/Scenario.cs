using Fountain.Lab.Engine;
using Fountain.Lab.Models;

namespace Fountain.Lab.Scenarios;

/// <summary>One simulation of a scenario: a label for the report, the model, and the parameter space (defaults filled in).</summary>
public sealed record ScenarioSimulation(string Label, ModelEntry Model, ParameterSpace Parameters);

/// <summary>A lab scenario as read from its HOCON file (see cluster-lab/README.md for the format).</summary>
public sealed record Scenario(
    string Name,
    string Description,
    long Seed,
    int Runs,
    int Timesteps,
    SweepMode Sweep,
    bool LastSubstepOnly,
    IReadOnlyList<ScenarioSimulation> Simulations)
{
    /// <summary>Runs computed at once; 0 means one per core.</summary>
    public int Threads { get; init; }

    /// <summary>Finished runs held in memory while an earlier one computes (results are written in order).</summary>
    public int MaxBufferedRuns { get; init; } = DefaultMaxBufferedRuns;

    public const int DefaultMaxBufferedRuns = 16;

    /// <summary>The engine's experiment for this scenario.</summary>
    public Experiment ToExperiment(int? maxDegreeOfParallelism = null) =>
        new(Seed, Simulations.Select(s => new SimulationSpec(s.Label, s.Model.Create(), s.Parameters, Runs, Timesteps, Sweep)).ToArray())
        {
            LastSubstepOnly = LastSubstepOnly,
            MaxDegreeOfParallelism = maxDegreeOfParallelism ?? (Threads > 0 ? Threads : Environment.ProcessorCount),
            MaxBufferedRuns = MaxBufferedRuns,
        };
}
