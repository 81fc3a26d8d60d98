namespace Fountain.Actors.Configuration;

/// <summary>
/// Turns the parsed tree into resolved <see cref="HoconValue"/>s: substitutions are looked up in the whole
/// document (then in the environment, HOCON.md "Substitution fallback to environment variables"),
/// concatenations are joined or merged, and a cycle is reported with the position of the substitution.
/// Each field is resolved once (memoised by its path).
/// </summary>
internal sealed class HoconResolver
{
    private readonly HoconObjectNode _root;
    private readonly Func<string, string?> _environment;
    private readonly Dictionary<string, HoconValue?> _resolved = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);

    private HoconResolver(HoconObjectNode root, Func<string, string?> environment)
    {
        _root = root;
        _environment = environment;
    }

    public static HoconValue Resolve(HoconObjectNode root, Func<string, string?> environment) =>
        new HoconResolver(root, environment).ResolveNode(root, [])!;

    private static string Key(IReadOnlyList<string> path) => string.Join('\u0001', path);

    /// <summary>Resolves the field at a path; null when no such field exists or it resolves to nothing.</summary>
    private HoconValue? ResolvePath(IReadOnlyList<string> path, HoconPosition referrer)
    {
        var key = Key(path);
        if (_resolved.TryGetValue(key, out var done)) return done;

        // Walk the unresolved objects as far as they go; past a substitution or concatenation, resolve that
        // prefix and continue in the resolved value.
        HoconNode current = _root;
        for (var i = 0; i < path.Count; i++)
        {
            if (current is HoconObjectNode obj)
            {
                if (!obj.TryGet(path[i], out current)) return null;
                continue;
            }
            var prefix = path.Take(i).ToArray();
            var resolvedPrefix = ResolvePath(prefix, referrer);
            for (var j = i; j < path.Count; j++)
            {
                if (resolvedPrefix is null || resolvedPrefix.Kind != HoconValueKind.Object || !resolvedPrefix.TryGetField(path[j], out resolvedPrefix))
                    return null;
            }
            return resolvedPrefix;
        }

        if (!_inProgress.Add(key))
            throw new HoconException(referrer, $"substitution cycle through '{string.Join('.', path)}'");
        try
        {
            var value = ResolveNode(current, path);
            _resolved[key] = value;
            return value;
        }
        finally
        {
            _inProgress.Remove(key);
        }
    }

    /// <summary>Resolves a node; <paramref name="path"/> is its location when it is a field (null inside arrays).</summary>
    private HoconValue? ResolveNode(HoconNode node, IReadOnlyList<string>? path)
    {
        switch (node)
        {
            case HoconScalarNode s:
                return HoconValue.Scalar(s.Position, s.Text);
            case HoconObjectNode o:
                var keys = new List<string>();
                var fields = new Dictionary<string, HoconValue>(StringComparer.Ordinal);
                foreach (var (key, child) in o.Fields)
                {
                    var value = path is not null && ReferenceEquals(LookupUnresolved(path), o)
                        ? ResolvePath([.. path, key], child.Position)
                        : ResolveNode(child, null);
                    if (value is null) continue;
                    keys.Add(key);
                    fields[key] = value;
                }
                return HoconValue.Object(o.Position, keys, fields);
            case HoconArrayNode a:
                return HoconValue.List(a.Position, a.Items.Select(i => ResolveNode(i, null)).Where(v => v is not null).Select(v => v!).ToList());
            case HoconSubstitutionNode sub:
                return ResolveSubstitution(sub);
            case HoconConcatNode c:
                return ResolveConcat(c);
            case HoconFallbackNode f:
                return ResolveSubstitution(f.Preferred) ?? ResolveNode(f.Fallback, null);
            default:
                throw new InvalidOperationException($"unknown HOCON node {node.GetType().Name}");
        }
    }

    private HoconNode? LookupUnresolved(IReadOnlyList<string> path)
    {
        HoconNode current = _root;
        foreach (var key in path)
        {
            if (current is not HoconObjectNode o || !o.TryGet(key, out current)) return null;
        }
        return current;
    }

    private HoconValue? ResolveSubstitution(HoconSubstitutionNode sub)
    {
        var value = ResolvePath(sub.Path, sub.Position);
        if (value is not null) return value;
        var fromEnvironment = _environment(sub.PathText);
        if (fromEnvironment is not null) return HoconValue.Scalar(sub.Position, fromEnvironment);
        if (sub.Optional) return null;
        throw new HoconException(sub.Position, $"could not resolve '${{{sub.PathText}}}': no such setting and no such environment variable");
    }

    private HoconValue? ResolveConcat(HoconConcatNode concat)
    {
        var parts = new List<(HoconValue Value, bool Whitespace)>();
        foreach (var part in concat.Parts)
        {
            var value = ResolveNode(part, null);
            if (value is not null) parts.Add((value, part is HoconScalarNode { IsWhitespace: true }));
        }
        while (parts.Count > 0 && parts[^1].Whitespace) parts.RemoveAt(parts.Count - 1);
        while (parts.Count > 0 && parts[0].Whitespace) parts.RemoveAt(0);
        if (parts.Count == 0) return null;
        if (parts.Count == 1) return parts[0].Value;

        var solid = parts.Where(p => !p.Whitespace).Select(p => p.Value).ToList();
        if (solid.All(v => v.Kind == HoconValueKind.Object)) return solid.Aggregate(Merge);
        if (solid.All(v => v.Kind == HoconValueKind.List))
            return HoconValue.List(concat.Position, solid.SelectMany(v => v.Items).ToList());
        var odd = parts.FirstOrDefault(p => p.Value.Kind is HoconValueKind.Object or HoconValueKind.List or HoconValueKind.Null);
        if (odd.Value is not null)
            throw new HoconException(odd.Value.Position, $"cannot concatenate {odd.Value.Describe()} with a string");
        return HoconValue.Scalar(concat.Position, string.Concat(parts.Select(p => p.Value.Text)));
    }

    /// <summary>Merges two objects: fields of <paramref name="later"/> win, objects on both sides merge.</summary>
    internal static HoconValue Merge(HoconValue earlier, HoconValue later)
    {
        var keys = earlier.Keys.ToList();
        var fields = keys.ToDictionary(k => k, k => { earlier.TryGetField(k, out var v); return v; }, StringComparer.Ordinal);
        foreach (var key in later.Keys)
        {
            later.TryGetField(key, out var value);
            if (fields.TryGetValue(key, out var existing))
            {
                fields[key] = existing.Kind == HoconValueKind.Object && value.Kind == HoconValueKind.Object ? Merge(existing, value) : value;
            }
            else
            {
                keys.Add(key);
                fields[key] = value;
            }
        }
        return HoconValue.Object(later.Position, keys, fields);
    }
}
