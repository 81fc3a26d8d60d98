namespace Fountain.Actors.Configuration;

/// <summary>What a resolved HOCON value is.</summary>
public enum HoconValueKind
{
    /// <summary>An object with named fields.</summary>
    Object,
    /// <summary>An array.</summary>
    List,
    /// <summary>A string, number or boolean, kept as its text until a getter asks for a type.</summary>
    Scalar,
    /// <summary>The literal <c>null</c>.</summary>
    Null,
}

/// <summary>
/// One resolved HOCON value (no substitutions left), with the position it was written at so that a type
/// error can point at the setting.
/// </summary>
public sealed class HoconValue
{
    private readonly IReadOnlyList<string> _keys;
    private readonly IReadOnlyDictionary<string, HoconValue> _fields;
    private readonly IReadOnlyList<HoconValue> _items;

    private HoconValue(HoconValueKind kind, HoconPosition position, string? text,
        IReadOnlyList<string>? keys, IReadOnlyDictionary<string, HoconValue>? fields, IReadOnlyList<HoconValue>? items)
    {
        Kind = kind;
        Position = position;
        Text = text;
        _keys = keys ?? [];
        _fields = fields ?? new Dictionary<string, HoconValue>();
        _items = items ?? [];
    }

    internal static HoconValue Scalar(HoconPosition position, string? text) =>
        new(text is null ? HoconValueKind.Null : HoconValueKind.Scalar, position, text, null, null, null);

    internal static HoconValue List(HoconPosition position, IReadOnlyList<HoconValue> items) =>
        new(HoconValueKind.List, position, null, null, null, items);

    internal static HoconValue Object(HoconPosition position, IReadOnlyList<string> keys, IReadOnlyDictionary<string, HoconValue> fields) =>
        new(HoconValueKind.Object, position, null, keys, fields, null);

    public HoconValueKind Kind { get; }

    /// <summary>Where the value was written.</summary>
    public HoconPosition Position { get; }

    /// <summary>The text of a scalar; null for objects, lists and <c>null</c>.</summary>
    public string? Text { get; }

    /// <summary>An object's keys in the order they were first defined.</summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>A list's items.</summary>
    public IReadOnlyList<HoconValue> Items => _items;

    public bool TryGetField(string key, out HoconValue value) => _fields.TryGetValue(key, out value!);

    /// <summary>This value as an object, with the same path getters as a document.</summary>
    public HoconDocument AsObject() =>
        Kind == HoconValueKind.Object ? new HoconDocument(this) : throw TypeError("an object");

    public string AsString() => Kind == HoconValueKind.Scalar ? Text! : throw TypeError("a string");

    public int AsInt() => Convert("an integer", s => int.Parse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture));

    public long AsLong() => Convert("an integer", s => long.Parse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture));

    public double AsDouble() => Convert("a number", s => double.Parse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture));

    public bool AsBool() => Convert("a boolean (true/false, yes/no, on/off)", s => s switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        _ => throw new FormatException(),
    });

    /// <summary>A duration such as <c>20s</c>, <c>5 minutes</c> or <c>100ms</c>; a plain number is milliseconds.</summary>
    public TimeSpan AsDuration() => Convert("a duration (e.g. 20s, 5 minutes, 100ms)", HoconUnits.ParseDuration);

    /// <summary>A size such as <c>2MiB</c>, <c>512KiB</c> or <c>1GB</c>; a plain number is bytes.</summary>
    public long AsBytes() => Convert("a size in bytes (e.g. 2MiB, 512KiB, 1GB)", HoconUnits.ParseBytes);

    private T Convert<T>(string expected, Func<string, T> parse)
    {
        if (Kind != HoconValueKind.Scalar) throw TypeError(expected);
        try
        {
            return parse(Text!);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            var detail = e is HoconUnitException ? $": {e.Message}" : "";
            throw new HoconException(Position, $"expected {expected}, found '{Text}'{detail}");
        }
    }

    private HoconException TypeError(string expected) =>
        new(Position, $"expected {expected}, found {Describe()}");

    internal string Describe() => Kind switch
    {
        HoconValueKind.Object => "an object",
        HoconValueKind.List => "a list",
        HoconValueKind.Null => "null",
        _ => $"'{Text}'",
    };
}
