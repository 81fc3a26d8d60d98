namespace Fountain.Lab.Engine;

/// <summary>How a parameter space with several values per parameter becomes subsets.</summary>
public enum SweepMode
{
    /// <summary>
    /// cadCAD's rule (<c>config_sim</c>): every list has the same length n, or length 1; subset i takes the i-th
    /// value of each list, and a length-1 list gives its value to every subset. Other lengths are an error.
    /// </summary>
    Positional,

    /// <summary>Every combination of values: the cartesian product, the first parameter (in ordinal name order) varying slowest.</summary>
    Cartesian,
}

/// <summary>The values a simulation's parameters sweep over: each parameter name to one or more values.</summary>
public sealed class ParameterSpace
{
    private readonly SortedDictionary<string, IReadOnlyList<object>> _values = new(StringComparer.Ordinal);

    public ParameterSpace() { }

    public ParameterSpace(IEnumerable<KeyValuePair<string, IReadOnlyList<object>>> values)
    {
        foreach (var (name, list) in values) Set(name, list);
    }

    public IReadOnlyDictionary<string, IReadOnlyList<object>> Values => _values;

    /// <summary>Sets one parameter's values (replacing earlier ones), refusing an empty list.</summary>
    public ParameterSpace Set(string name, IReadOnlyList<object> values)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A parameter needs a name.", nameof(name));
        if (values.Count == 0) throw new ArgumentException($"Parameter '{name}' has an empty list of values.", nameof(values));
        _values[name] = values.ToArray();
        return this;
    }

    public ParameterSpace Set(string name, params object[] values) => Set(name, (IReadOnlyList<object>)values);

    /// <summary>The subsets, in order: subset i is element i of the list.</summary>
    public IReadOnlyList<ParameterSet> Expand(SweepMode mode) => mode switch
    {
        SweepMode.Positional => ExpandPositional(),
        SweepMode.Cartesian => ExpandCartesian(),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown sweep mode."),
    };

    private IReadOnlyList<ParameterSet> ExpandPositional()
    {
        var lengths = _values.Where(p => p.Value.Count > 1).Select(p => (p.Key, p.Value.Count)).ToArray();
        int n = lengths.Length == 0 ? 1 : lengths[0].Count;
        var mismatch = lengths.FirstOrDefault(l => l.Count != n);
        if (mismatch.Key is not null)
            throw new ArgumentException(
                $"A positional sweep needs lists of one length (or of length 1): '{lengths[0].Key}' has {n} values but '{mismatch.Key}' has {mismatch.Count}. Use a cartesian sweep to combine them.");
        var subsets = new ParameterSet[n];
        for (int i = 0; i < n; i++)
            subsets[i] = new ParameterSet(_values.Select(p => new KeyValuePair<string, object>(p.Key, p.Value.Count == 1 ? p.Value[0] : p.Value[i])));
        return subsets;
    }

    private IReadOnlyList<ParameterSet> ExpandCartesian()
    {
        var names = _values.Keys.ToArray();
        var combos = new List<KeyValuePair<string, object>[]> { Array.Empty<KeyValuePair<string, object>>() };
        foreach (var name in names)
            combos = combos.SelectMany(prefix => _values[name].Select(v => prefix.Append(new KeyValuePair<string, object>(name, v)).ToArray())).ToList();
        return combos.Select(c => new ParameterSet(c)).ToArray();
    }

    /// <summary>The parameters that take more than one value: what the sweep varies.</summary>
    public IReadOnlyList<string> SweptNames => _values.Where(p => p.Value.Count > 1).Select(p => p.Key).ToArray();
}
