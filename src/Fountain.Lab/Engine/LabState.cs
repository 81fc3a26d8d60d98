using System.Collections.Frozen;

namespace Fountain.Lab.Engine;

/// <summary>
/// The names of a model's state variables, in column order. Shared by every state of the model, so that a
/// state is just an array of values.
/// </summary>
public sealed class StateSchema
{
    private readonly FrozenDictionary<string, int> _index;

    public StateSchema(IReadOnlyList<StateVariable> variables)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < variables.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(variables[i].Name))
                throw new ArgumentException("A state variable needs a name.", nameof(variables));
            if (!index.TryAdd(variables[i].Name, i))
                throw new ArgumentException($"State variable '{variables[i].Name}' is declared twice.", nameof(variables));
            if (variables[i].Name is "simulation" or "subset" or "run" or "substep" or "timestep")
                throw new ArgumentException($"'{variables[i].Name}' is a column the engine writes; a state variable cannot take that name.", nameof(variables));
        }
        Variables = variables.ToArray();
        _index = index.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public IReadOnlyList<StateVariable> Variables { get; }

    public int Count => Variables.Count;

    /// <summary>The position of a variable; a clear error for a name the model does not declare.</summary>
    public int IndexOf(string name) =>
        _index.TryGetValue(name, out int i) ? i : throw new KeyNotFoundException($"The model has no state variable '{name}'.");
}

/// <summary>
/// One state of a simulation: a value per variable. Immutable: a substep builds a new state that shares every
/// value it did not update with the previous one (values themselves must be immutable: numbers, strings,
/// ImmutableArray, records), which is how the lab avoids cadCAD's deep copies.
/// </summary>
public sealed class LabState
{
    private readonly object[] _values;

    internal LabState(StateSchema schema, object[] values)
    {
        if (values.Length != schema.Count)
            throw new ArgumentException($"A state of this model has {schema.Count} values, not {values.Length}.", nameof(values));
        Schema = schema;
        _values = values;
    }

    public StateSchema Schema { get; }

    /// <summary>The value of a variable by name.</summary>
    public object this[string name] => _values[Schema.IndexOf(name)];

    /// <summary>The value of a variable by position (see <see cref="StateSchema.IndexOf"/>), for hot loops.</summary>
    public object this[int index] => _values[index];

    /// <summary>The value of a variable as <typeparamref name="T"/>, with a clear error when it is something else.</summary>
    public T Get<T>(string name)
    {
        object value = this[name];
        return value is T typed
            ? typed
            : throw new InvalidCastException($"State variable '{name}' holds a {value?.GetType().Name ?? "null"}, not a {typeof(T).Name}.");
    }

    /// <summary>A number variable (double, int, long) as a double.</summary>
    public double GetDouble(string name) => Numbers.ToDouble(this[name], name);

    internal object[] CopyValues() => (object[])_values.Clone();
}
