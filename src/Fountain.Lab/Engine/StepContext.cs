namespace Fountain.Lab.Engine;

/// <summary>
/// What a policy or state update function knows besides the state: the subset's parameters, where it is in
/// the experiment, and the run's random generator (cadCAD passes params, substep and the state history; the
/// lab passes the generator instead of the history so that every random draw is reproducible).
/// </summary>
public sealed class StepContext
{
    internal StepContext(ParameterSet parameters, int simulation, int subset, int run, LabRandom random)
    {
        Parameters = parameters;
        Simulation = simulation;
        Subset = subset;
        Run = run;
        Random = random;
    }

    public ParameterSet Parameters { get; }
    public int Simulation { get; }
    public int Subset { get; }
    public int Run { get; }

    /// <summary>The timestep being computed, from 1 (timestep 0 is the initial state).</summary>
    public int Timestep { get; internal set; }

    /// <summary>The substep being computed, from 1: the position of the block in the model.</summary>
    public int Substep { get; internal set; }

    /// <summary>The one generator of this (simulation, subset, run); functions run in a fixed order, so its draws are reproducible.</summary>
    public LabRandom Random { get; }
}
