namespace Fountain.Actors.Configuration;

/// <summary>
/// The unresolved syntax tree the parser builds. Substitutions and concatenations stay as nodes until the
/// whole document (with its includes) is known, because a substitution may refer to a key defined later.
/// </summary>
internal abstract class HoconNode
{
    protected HoconNode(HoconPosition position) => Position = position;

    public HoconPosition Position { get; }
}

/// <summary>A string, number, boolean or null; HOCON keeps all of them as text until a getter asks for a type.</summary>
internal sealed class HoconScalarNode(HoconPosition position, string? text, bool isWhitespace = false) : HoconNode(position)
{
    /// <summary>The text, or null for the HOCON literal <c>null</c>.</summary>
    public string? Text { get; } = text;

    /// <summary>True for the whitespace between two parts of a concatenation (kept only between two simple values).</summary>
    public bool IsWhitespace { get; } = isWhitespace;
}

/// <summary>An object: fields in the order they were first defined.</summary>
internal sealed class HoconObjectNode(HoconPosition position) : HoconNode(position)
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, HoconNode> _fields = new(StringComparer.Ordinal);

    public IEnumerable<KeyValuePair<string, HoconNode>> Fields => _order.Select(k => new KeyValuePair<string, HoconNode>(k, _fields[k]));

    public bool TryGet(string key, out HoconNode node) => _fields.TryGetValue(key, out node!);

    /// <summary>
    /// Sets a field the HOCON way: an object assigned over an object merges into it, anything else replaces it.
    /// An object assigned over a value that is not yet known (a substitution) becomes a concatenation, which
    /// the resolver merges once the substitution is known.
    /// </summary>
    public void Set(string key, HoconNode value)
    {
        if (_fields.TryGetValue(key, out var existing))
        {
            if (existing is HoconObjectNode existingObject && value is HoconObjectNode newObject)
            {
                existingObject.MergeFrom(newObject);
                return;
            }
            if (value is HoconObjectNode && existing is HoconSubstitutionNode or HoconConcatNode)
            {
                _fields[key] = new HoconConcatNode(value.Position, [existing, value]);
                return;
            }
            _fields[key] = value;
            return;
        }
        _order.Add(key);
        _fields[key] = value;
    }

    public void MergeFrom(HoconObjectNode other)
    {
        foreach (var (key, value) in other.Fields) Set(key, value);
    }
}

/// <summary>An array of values.</summary>
internal sealed class HoconArrayNode(HoconPosition position, List<HoconNode> items) : HoconNode(position)
{
    public List<HoconNode> Items { get; } = items;
}

/// <summary><c>${path}</c> or, when optional, <c>${?path}</c>.</summary>
internal sealed class HoconSubstitutionNode(HoconPosition position, IReadOnlyList<string> path, bool optional) : HoconNode(position)
{
    public IReadOnlyList<string> Path { get; } = path;
    public bool Optional { get; } = optional;
    public string PathText => string.Join('.', Path);
}

/// <summary>Several values written next to each other on one line: strings join, objects merge, arrays append.</summary>
internal sealed class HoconConcatNode(HoconPosition position, List<HoconNode> parts) : HoconNode(position)
{
    public List<HoconNode> Parts { get; } = parts;
}

/// <summary>
/// <c>key = ${?X}</c> over an earlier value of the same key: HOCON.md says the field keeps its earlier value
/// when X is undefined, so both are kept until resolution.
/// </summary>
internal sealed class HoconFallbackNode(HoconSubstitutionNode preferred, HoconNode fallback) : HoconNode(preferred.Position)
{
    public HoconSubstitutionNode Preferred { get; } = preferred;
    public HoconNode Fallback { get; } = fallback;
}
