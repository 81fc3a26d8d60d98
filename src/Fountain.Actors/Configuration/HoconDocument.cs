namespace Fountain.Actors.Configuration;

/// <summary>
/// A parsed and resolved HOCON object with typed getters by dotted path (<c>fountain.codec.block-size</c>).
/// Usable without IConfiguration, e.g. for lab scenario files. A missing setting or a wrong type is a
/// <see cref="HoconException"/> that names the source, line and column.
/// </summary>
public sealed class HoconDocument
{
    internal HoconDocument(HoconValue root) => Root = root;

    /// <summary>The resolved root object.</summary>
    public HoconValue Root { get; }

    /// <summary>The top-level keys, in the order they were first defined.</summary>
    public IReadOnlyList<string> Keys => Root.Keys;

    /// <summary>
    /// Parses and resolves a HOCON text. <paramref name="includeResolver"/> returns the text of an included
    /// name (null when it does not exist); when <paramref name="sourceName"/> is a rooted file path, a relative
    /// include name is first made a full path relative to that file's folder (so nested includes work).
    /// <paramref name="environment"/> is where <c>${?VAR}</c> falls back to (the process environment when null).
    /// </summary>
    public static HoconDocument Parse(string text, string sourceName, Func<string, string?>? includeResolver = null,
        Func<string, string?>? environment = null)
    {
        var tree = HoconParser.Parse(text, sourceName, includeResolver);
        return new HoconDocument(HoconResolver.Resolve(tree, environment ?? Environment.GetEnvironmentVariable));
    }

    /// <summary>Reads and parses a file; each include is looked up relative to the folder of the file that includes it.</summary>
    public static HoconDocument Load(string path, Func<string, string?>? environment = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        return Parse(File.ReadAllText(full), full, FileIncludeResolver(System.IO.Path.GetDirectoryName(full)!), environment);
    }

    internal static Func<string, string?> FileIncludeResolver(string directory) => name =>
    {
        var candidate = System.IO.Path.IsPathRooted(name) ? name : System.IO.Path.Combine(directory, name);
        return File.Exists(candidate) ? File.ReadAllText(candidate) : null;
    };

    public bool HasPath(string path) => TryGetValue(path, out _);

    /// <summary>The value at a path, or false when there is none (or it is null).</summary>
    public bool TryGetValue(string path, out HoconValue value)
    {
        value = Root;
        foreach (var key in HoconPath.Split(path))
        {
            if (value.Kind != HoconValueKind.Object || !value.TryGetField(key, out value)) { value = null!; return false; }
        }
        return value.Kind != HoconValueKind.Null;
    }

    /// <summary>The value at a path; a missing setting is an error naming this document.</summary>
    public HoconValue GetValue(string path) =>
        TryGetValue(path, out var value) ? value : throw new HoconException(Root.Position, $"missing setting '{path}'");

    public string GetString(string path) => GetValue(path).AsString();
    public int GetInt(string path) => GetValue(path).AsInt();
    public long GetLong(string path) => GetValue(path).AsLong();
    public double GetDouble(string path) => GetValue(path).AsDouble();
    public bool GetBool(string path) => GetValue(path).AsBool();
    public TimeSpan GetDuration(string path) => GetValue(path).AsDuration();
    public long GetBytes(string path) => GetValue(path).AsBytes();
    public HoconDocument GetObject(string path) => GetValue(path).AsObject();

    public IReadOnlyList<HoconValue> GetList(string path)
    {
        var value = GetValue(path);
        return value.Kind == HoconValueKind.List ? value.Items : throw new HoconException(value.Position, $"expected a list at '{path}', found {value.Describe()}");
    }

    public IReadOnlyList<string> GetStringList(string path) => GetList(path).Select(v => v.AsString()).ToList();

    /// <summary>Every leaf as an IConfiguration key (<c>fountain:codec:block-size</c>, lists indexed <c>:0</c>, <c>:1</c>).</summary>
    public IEnumerable<KeyValuePair<string, string?>> Flatten()
    {
        var result = new List<KeyValuePair<string, string?>>();
        Flatten(Root, null, result);
        return result;
    }

    private static void Flatten(HoconValue value, string? prefix, List<KeyValuePair<string, string?>> into)
    {
        switch (value.Kind)
        {
            case HoconValueKind.Object:
                if (value.Keys.Count == 0 && prefix is not null) into.Add(new(prefix, null));
                foreach (var key in value.Keys)
                {
                    value.TryGetField(key, out var child);
                    Flatten(child, prefix is null ? key : $"{prefix}:{key}", into);
                }
                break;
            case HoconValueKind.List:
                if (value.Items.Count == 0 && prefix is not null) into.Add(new(prefix, null));
                for (var i = 0; i < value.Items.Count; i++) Flatten(value.Items[i], $"{prefix}:{i}", into);
                break;
            default:
                if (prefix is not null) into.Add(new(prefix, value.Text));
                break;
        }
    }
}
