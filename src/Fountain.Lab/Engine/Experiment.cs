namespace Fountain.Lab.Engine;

/// <summary>
/// One simulation of an experiment (cadCAD: one appended configuration): a model, its parameter space and how
/// it is swept, the number of Monte Carlo runs per subset and the timesteps of each run. Several simulations in
/// one experiment are an A/B comparison; they share the experiment's seed and output.
/// </summary>
public sealed record SimulationSpec(
    string Label,
    LabModel Model,
    ParameterSpace Parameters,
    int Runs,
    int Timesteps,
    SweepMode Sweep = SweepMode.Positional)
{
    internal void Validate()
    {
        if (Runs < 1) throw new ArgumentException($"Simulation '{Label}' needs at least one run, not {Runs}.");
        if (Timesteps < 1) throw new ArgumentException($"Simulation '{Label}' needs at least one timestep, not {Timesteps}.");
    }
}

/// <summary>An experiment: its simulations, the seed every random draw follows from, and how it is run.</summary>
public sealed record Experiment(long Seed, IReadOnlyList<SimulationSpec> Simulations)
{
    /// <summary>Record only the last substep of each timestep (and the initial state), like filtering cadCAD's frame on <c>substep == max</c>.</summary>
    public bool LastSubstepOnly { get; init; }

    /// <summary>Runs computed at once; defaults to every core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Finished runs held in memory while an earlier run is still computing (the CSV is written in order); bounds memory.</summary>
    public int MaxBufferedRuns { get; init; } = 4 * Environment.ProcessorCount;
}
