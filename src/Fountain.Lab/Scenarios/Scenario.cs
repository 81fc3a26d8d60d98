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
    /// <summary>The engine's experiment for this scenario.</summary>
    public Experiment ToExperiment(int? maxDegreeOfParallelism = null) =>
        new(Seed, Simulations.Select(s => new SimulationSpec(s.Label, s.Model.Create(), s.Parameters, Runs, Timesteps, Sweep)).ToArray())
        {
            LastSubstepOnly = LastSubstepOnly,
            MaxDegreeOfParallelism = maxDegreeOfParallelism ?? Environment.ProcessorCount,
        };
}
