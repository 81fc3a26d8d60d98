using System.Collections.Frozen;
using System.Globalization;

namespace Fountain.Lab.Engine;

/// <summary>
/// The parameters of one subset (one point of a sweep): name to value (a number, string or bool). Immutable.
/// Getters fail with the parameter's name when it is missing or of the wrong kind.
/// </summary>
public sealed class ParameterSet
{
    private readonly FrozenDictionary<string, object> _values;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Delegate, object> _parsed = new();

    public ParameterSet(IEnumerable<KeyValuePair<string, object>> values)
    {
        _values = values.ToFrozenDictionary(StringComparer.Ordinal);
        Names = _values.Keys.Order(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// A model's typed view of these parameters, parsed and checked once per subset rather than at every call
    /// (the subset's runs share it across threads, so <paramref name="parse"/> must be pure).
    /// </summary>
    public T Parsed<T>(Func<ParameterSet, T> parse) where T : class => (T)_parsed.GetOrAdd(parse, static (f, self) => ((Func<ParameterSet, T>)f)(self), this);

    /// <summary>Parameter names in ordinal order (the report's table order).</summary>
    public IReadOnlyList<string> Names { get; }

    public bool Contains(string name) => _values.ContainsKey(name);

    public object this[string name] =>
        _values.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"The scenario sets no parameter '{name}'.");

    public double GetDouble(string name) => Numbers.ToDouble(this[name], name);

    /// <summary>An integer parameter; a fractional value is an error, not a silent truncation.</summary>
    public int GetInt(string name)
    {
        double value = GetDouble(name);
        if (value != Math.Floor(value) || value < int.MinValue || value > int.MaxValue)
            throw new ArgumentException($"Parameter '{name}' must be an integer, not {value.ToString(CultureInfo.InvariantCulture)}.");
        return (int)value;
    }

    public long GetLong(string name)
    {
        object value = this[name];
        if (value is long l) return l;
        if (value is int i) return i;
        double d = GetDouble(name);
        if (d != Math.Floor(d) || Math.Abs(d) > 9.0e15)
            throw new ArgumentException($"Parameter '{name}' must be an integer, not {d.ToString(CultureInfo.InvariantCulture)}.");
        return (long)d;
    }

    public string GetString(string name) => Convert.ToString(this[name], CultureInfo.InvariantCulture) ?? "";

    public bool GetBool(string name) => this[name] switch
    {
        bool b => b,
        string s when bool.TryParse(s, out bool b) => b,
        var v => throw new ArgumentException($"Parameter '{name}' must be true or false, not {v}."),
    };

    /// <summary>A probability parameter: a clear error outside [0, 1].</summary>
    public double GetProbability(string name)
    {
        double p = GetDouble(name);
        return p is >= 0 and <= 1 ? p : throw new ArgumentException($"Parameter '{name}' is a probability and must lie in [0, 1], not {p.ToString(CultureInfo.InvariantCulture)}.");
    }

    /// <summary>A parameter that must be zero or positive.</summary>
    public double GetNonNegative(string name)
    {
        double v = GetDouble(name);
        return v >= 0 ? v : throw new ArgumentException($"Parameter '{name}' must be zero or positive, not {v.ToString(CultureInfo.InvariantCulture)}.");
    }

    /// <summary>A value as the report and CSV write it.</summary>
    public static string Format(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
