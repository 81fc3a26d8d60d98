namespace Fountain.Lab.Engine;

/// <summary>One Monte Carlo run to compute: its coordinates and its parameters. Runs are numbered from 1, simulations and subsets from 0, as in cadCAD.</summary>
public sealed record RunJob(int Index, int Simulation, int Subset, int Run, ParameterSet Parameters);

/// <summary>
/// An experiment expanded into runs, in output order (simulation, then subset, then run), with the columns of
/// the CSV: the engine's five, then the union of the simulations' recorded variables in order of first
/// appearance (a model that lacks a column leaves it empty), and each simulation's numeric metrics.
/// </summary>
public sealed class ExperimentPlan
{
    public const string IndexColumns = "simulation,subset,run,substep,timestep";

    public ExperimentPlan(Experiment experiment)
    {
        if (experiment.Simulations.Count == 0) throw new ArgumentException("An experiment needs at least one simulation.");
        if (experiment.MaxDegreeOfParallelism < 1) throw new ArgumentException("MaxDegreeOfParallelism must be at least 1.");
        if (experiment.MaxBufferedRuns < 1) throw new ArgumentException("MaxBufferedRuns must be at least 1.");
        Experiment = experiment;
        var jobs = new List<RunJob>();
        var subsets = new List<IReadOnlyList<ParameterSet>>();
        var columns = new List<string>();
        for (int s = 0; s < experiment.Simulations.Count; s++)
        {
            var sim = experiment.Simulations[s];
            sim.Validate();
            var sets = sim.Parameters.Expand(sim.Sweep);
            subsets.Add(sets);
            for (int k = 0; k < sets.Count; k++)
                for (int r = 1; r <= sim.Runs; r++)
                    jobs.Add(new RunJob(jobs.Count, s, k, r, sets[k]));
            foreach (var v in sim.Model.Schema.Variables)
                if (v.Recorded && !columns.Contains(v.Name)) columns.Add(v.Name);
        }
        Jobs = jobs;
        Subsets = subsets;
        StateColumns = columns;
        ColumnOfVariable = experiment.Simulations
            .Select(sim => sim.Model.Schema.Variables.Select(v => v.Recorded ? columns.IndexOf(v.Name) : -1).ToArray())
            .ToArray();
    }

    public Experiment Experiment { get; }
    public IReadOnlyList<RunJob> Jobs { get; }

    /// <summary>Per simulation, its subsets' parameters.</summary>
    public IReadOnlyList<IReadOnlyList<ParameterSet>> Subsets { get; }

    /// <summary>The state columns of the CSV, after the five index columns.</summary>
    public IReadOnlyList<string> StateColumns { get; }

    /// <summary>Per simulation, per variable of its model, the variable's state column or -1 when unrecorded.</summary>
    internal int[][] ColumnOfVariable { get; }

    public string CsvHeader => StateColumns.Count == 0 ? IndexColumns : IndexColumns + "," + string.Join(",", StateColumns.Select(CsvText.Escape));
}
