namespace Fountain.Lab.Engine;

/// <summary>
/// A model: its state variables, how the initial state follows from the parameters (and the run's generator,
/// for random initial conditions), and its partial state update blocks in substep order. Checked when built:
/// every update names a declared variable, and no variable is updated twice in one block.
/// </summary>
public sealed class LabModel
{
    public LabModel(
        string name,
        IReadOnlyList<StateVariable> variables,
        Func<StepContext, IReadOnlyDictionary<string, object>> initialState,
        IReadOnlyList<PartialStateUpdateBlock> blocks)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A model needs a name.", nameof(name));
        if (blocks.Count == 0) throw new ArgumentException($"Model '{name}' has no partial state update block.", nameof(blocks));
        Name = name;
        Schema = new StateSchema(variables);
        InitialStateFactory = initialState;
        Blocks = blocks.ToArray();
        UpdateIndexes = new int[Blocks.Count][];
        for (int b = 0; b < Blocks.Count; b++)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            UpdateIndexes[b] = new int[Blocks[b].Updates.Count];
            for (int u = 0; u < Blocks[b].Updates.Count; u++)
            {
                string variable = Blocks[b].Updates[u].Variable;
                if (!seen.Add(variable))
                    throw new ArgumentException($"Block '{Blocks[b].Name}' of model '{name}' updates '{variable}' twice.", nameof(blocks));
                UpdateIndexes[b][u] = Schema.IndexOf(variable);
            }
        }
    }

    public string Name { get; }
    public StateSchema Schema { get; }
    public IReadOnlyList<PartialStateUpdateBlock> Blocks { get; }
    internal Func<StepContext, IReadOnlyDictionary<string, object>> InitialStateFactory { get; }
    internal int[][] UpdateIndexes { get; }

    /// <summary>The initial state for a subset; every declared variable must be given a value, and nothing else.</summary>
    internal LabState CreateInitialState(StepContext context)
    {
        var given = InitialStateFactory(context);
        var values = new object[Schema.Count];
        foreach (var (name, value) in given)
            values[Schema.IndexOf(name)] = value ?? throw new ArgumentException($"Model '{Name}' gives variable '{name}' a null initial value.");
        for (int i = 0; i < values.Length; i++)
            if (values[i] is null) throw new ArgumentException($"Model '{Name}' gives no initial value to '{Schema.Variables[i].Name}'.");
        return new LabState(Schema, values);
    }
}
