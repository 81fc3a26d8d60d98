using System.Text;

namespace Fountain.Lab.Engine;

/// <summary>
/// Computes one Monte Carlo run: timestep 0 is the initial state (substep 0), then for each timestep each block
/// in order is a substep. Single-threaded and deterministic: a run's output depends only on its model,
/// parameters and generator.
/// </summary>
internal static class RunComputer
{
    public static RunResult Compute(ExperimentPlan plan, RunJob job)
    {
        var sim = plan.Experiment.Simulations[job.Simulation];
        var model = sim.Model;
        var random = LabRandom.For(plan.Experiment.Seed, job.Simulation, job.Subset, job.Run);
        var context = new StepContext(job.Parameters, job.Simulation, job.Subset, job.Run, random);
        var state = model.CreateInitialState(context);

        int[] columnOf = plan.ColumnOfVariable[job.Simulation];
        var metricVariables = Enumerable.Range(0, model.Schema.Count)
            .Where(i => model.Schema.Variables[i].Recorded && Numbers.IsNumber(state[i]))
            .ToArray();
        var metricNames = metricVariables.Select(i => model.Schema.Variables[i].Name).ToArray();
        var metrics = new double[(sim.Timesteps + 1) * metricVariables.Length];

        var csv = new StringBuilder();
        string prefix = $"{job.Simulation},{job.Subset},{job.Run},";
        var cells = new object?[plan.StateColumns.Count];
        void Record(LabState s, int substep, int timestep)
        {
            Array.Clear(cells);
            for (int i = 0; i < columnOf.Length; i++) if (columnOf[i] >= 0) cells[columnOf[i]] = s[i];
            csv.Append(prefix).Append(substep).Append(',').Append(timestep);
            foreach (var cell in cells)
            {
                csv.Append(',');
                if (cell is not null) CsvText.Append(csv, cell);
            }
            csv.Append('\n');
        }
        void Measure(LabState s, int timestep)
        {
            int offset = timestep * metricVariables.Length;
            for (int m = 0; m < metricVariables.Length; m++)
                metrics[offset + m] = Numbers.ToDouble(s[metricVariables[m]], model.Schema.Variables[metricVariables[m]].Name);
        }

        Record(state, 0, 0);
        Measure(state, 0);
        int lastSubstep = model.Blocks.Count;
        var pending = new Dictionary<string, List<object>>(StringComparer.Ordinal);
        for (int t = 1; t <= sim.Timesteps; t++)
        {
            context.Timestep = t;
            for (int b = 0; b < model.Blocks.Count; b++)
            {
                context.Substep = b + 1;
                state = Step(model, b, context, state, pending);
                if (!plan.Experiment.LastSubstepOnly || b + 1 == lastSubstep) Record(state, b + 1, t);
            }
            Measure(state, t);
        }
        return new RunResult(job, csv.ToString(), metricNames, metrics, sim.Timesteps);
    }

    /// <summary>One substep: policies on the old state, signals aggregated, every update on the old state, then one new state.</summary>
    internal static LabState Step(LabModel model, int blockIndex, StepContext context, LabState state, Dictionary<string, List<object>> scratch)
    {
        var block = model.Blocks[blockIndex];
        Signals signals = Signals.Empty;
        if (block.Policies.Count == 1)
        {
            // One policy: its signals are already aggregated, except for cadCAD's unary 'then' functions.
            signals = block.Policies[0](context, state);
            if (block.EffectiveAggregation.Then.Count > 0) signals = Aggregate(block.EffectiveAggregation, [signals], scratch);
        }
        else if (block.Policies.Count > 1)
        {
            var emitted = new Signals[block.Policies.Count];
            for (int p = 0; p < emitted.Length; p++) emitted[p] = block.Policies[p](context, state);
            signals = Aggregate(block.EffectiveAggregation, emitted, scratch);
        }

        var values = state.CopyValues();
        int[] targets = model.UpdateIndexes[blockIndex];
        for (int u = 0; u < targets.Length; u++)
            values[targets[u]] = block.Updates[u].Function(context, state, signals)
                ?? throw new InvalidOperationException($"Update of '{block.Updates[u].Variable}' in block '{block.Name}' returned null.");
        return new LabState(model.Schema, values);
    }

    private static Signals Aggregate(SignalAggregation aggregation, Signals[] emitted, Dictionary<string, List<object>> scratch)
    {
        scratch.Clear();
        var order = new List<string>();
        foreach (var signals in emitted)
            foreach (var name in signals.Names)
            {
                if (!scratch.TryGetValue(name, out var list)) { scratch[name] = list = []; order.Add(name); }
                list.Add(signals[name]);
            }
        var combined = new Dictionary<string, object>(order.Count, StringComparer.Ordinal);
        foreach (var name in order) combined[name] = aggregation.Combine(scratch[name]);
        return Signals.From(combined);
    }
}
