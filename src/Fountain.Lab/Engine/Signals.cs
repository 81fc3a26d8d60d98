namespace Fountain.Lab.Engine;

/// <summary>
/// The signals of a substep: what its policies decided, by name, once aggregated. Immutable. A missing signal
/// is a clear error rather than a silent zero, so that a typo in a model fails its first run.
/// </summary>
public sealed class Signals
{
    public static readonly Signals Empty = new(new Dictionary<string, object>(0, StringComparer.Ordinal));

    // A plain dictionary, never exposed and never changed after construction: signals are built every substep,
    // and a frozen dictionary's construction cost (it optimises for many lookups) would dominate small models.
    private readonly Dictionary<string, object> _values;

    private Signals(Dictionary<string, object> values) => _values = values;

    /// <summary>Signals from name/value pairs (a policy's return value).</summary>
    public static Signals Of(params (string Name, object Value)[] signals)
    {
        var values = new Dictionary<string, object>(signals.Length, StringComparer.Ordinal);
        foreach (var (name, value) in signals)
            if (!values.TryAdd(name, value ?? throw new ArgumentNullException(nameof(signals), $"Signal '{name}' is null.")))
                throw new ArgumentException($"Signal '{name}' is given twice by one policy.", nameof(signals));
        return new Signals(values);
    }

    internal static Signals From(Dictionary<string, object> values) => new(values);

    public IEnumerable<string> Names => _values.Keys;

    public bool Contains(string name) => _values.ContainsKey(name);

    public object this[string name] =>
        _values.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"No policy of this substep emitted signal '{name}'.");

    public T Get<T>(string name)
    {
        object value = this[name];
        return value is T typed ? typed : throw new InvalidCastException($"Signal '{name}' is a {value.GetType().Name}, not a {typeof(T).Name}.");
    }

    public double GetDouble(string name) => Numbers.ToDouble(this[name], name);

    /// <summary>The value of a signal, or <paramref name="fallback"/> when no policy emitted it.</summary>
    public T GetOrDefault<T>(string name, T fallback) => _values.TryGetValue(name, out var value) && value is T typed ? typed : fallback;
}
