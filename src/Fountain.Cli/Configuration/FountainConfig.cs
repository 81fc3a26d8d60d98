using System.Text;
using System.Text.Json;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using Fountain.Chain.Configuration;
using Fountain.Lab;
using Fountain.Node.Configuration;

namespace Fountain.Cli.Configuration;

/// <summary>
/// The one place the program's configuration is read, in layers, each overriding the ones before it: every component's
/// reference.conf (built into its assembly: the CLI's, the node's over the chain's, the lab's) &lt; a command's own
/// defaults (e.g. `cluster demo`'s one-second heights) &lt; the operator's file (--config) &lt; the environment
/// (FOUNTAIN__NODE__LISTEN_URL sets fountain.node.listen-url: a double underscore separates path segments, a single one
/// stands for a hyphen) &lt; the command line (--set fountain.node.holders-per-block=5, repeatable, and a command's own
/// options). Every layer above the defaults is checked against them: a key under fountain.* that no component
/// defines, or a key left without a value, is an error that names the key and the layer it came from.
/// </summary>
internal static class FountainConfig
{
    public const string EnvironmentPrefix = "FOUNTAIN__";

    /// <summary>The text of src/Fountain.Cli/reference.conf: the settings only this program reads (fountain.codec).</summary>
    public static string ReferenceText { get; } = ReferenceConf.Text(typeof(FountainConfig).Assembly, "Fountain.Cli.reference.conf");

    /// <summary>Each component's reference.conf, in the order hocon/reference.conf lists them.</summary>
    public static IReadOnlyList<(string Source, string Text)> Components { get; } =
    [
        ("src/Fountain.Cli/reference.conf", ReferenceText),
        ("src/Fountain.Chain/reference.conf", ChainConfig.ReferenceText),
        ("src/Fountain.Node/reference.conf", NodeConfig.ReferenceText),
        ("src/Fountain.Lab/reference.conf", LabConfig.ReferenceText),
    ];

    /// <summary>Every component's defaults, merged (no key is defined by two components: a test checks it).</summary>
    public static Config Defaults { get; } = ConfigurationFactory.ParseString(ReferenceText)
        .WithFallback(NodeConfig.Defaults)
        .WithFallback(LabConfig.Defaults);

    /// <summary>
    /// Reads the layers over <see cref="Defaults"/>. <paramref name="commandDefaults"/> is HOCON a command puts under
    /// the operator's layers; <paramref name="environment"/> is the process environment when null.
    /// </summary>
    /// <exception cref="SettingException">a key no component defines, or one without a value, in some layer.</exception>
    /// <exception cref="FormatException">a file that is not HOCON, or a --set that is not key=value.</exception>
    /// <exception cref="FileNotFoundException">the file, or a file it includes, does not exist.</exception>
    public static LoadedConfig Load(string? file = null, IEnumerable<string>? sets = null, IDictionary<string, string?>? environment = null,
        string? commandDefaults = null)
    {
        var layers = new List<Layer> { new("the defaults (reference.conf)", Defaults) };
        if (commandDefaults is not null) layers.Add(new("the command's defaults", ConfigurationFactory.ParseString(commandDefaults)));
        if (file is not null) layers.Add(new(file, ParseFile(file)));
        foreach (var (variable, key, value) in EnvironmentOverrides(environment ?? CurrentEnvironment()))
            layers.Add(new($"the environment variable {variable}", Assignment(key, value)));
        foreach (var set in sets ?? [])
        {
            int eq = set.IndexOf('=');
            var key = eq > 0 ? set[..eq].Trim() : "";
            if (key.Length == 0 || key.Contains(' ', StringComparison.Ordinal) || !key.Contains('.', StringComparison.Ordinal))
                throw new FormatException($"--set '{set}' is not key=value with a dotted key such as fountain.node.holders-per-block=5.");
            layers.Add(new($"--set {set}", Assignment(key, set[(eq + 1)..].Trim())));
        }
        foreach (var layer in layers.Skip(1)) Check(layer);
        return new LoadedConfig(layers);
    }

    /// <summary>The command line's layer: --set key=value, repeatable; it wins over the file and the environment.</summary>
    public static System.CommandLine.Option<string[]> SetOption() => new("--set")
    {
        Description = "Override a setting: --set fountain.node.holders-per-block=5 (repeatable; wins over --config and FOUNTAIN__ environment variables).",
    };

    /// <summary>The operator's file: --config FILE.</summary>
    public static System.CommandLine.Option<string?> ConfigOption(string what) => new("--config")
    {
        Description = $"A HOCON file whose settings override the defaults ({what}; `fountain config reference` lists every setting).",
    };

    /// <summary>FOUNTAIN__CODEC__ZSTD_LEVEL=5 → (variable, "fountain.codec.zstd-level", "5").</summary>
    public static IEnumerable<(string Variable, string Key, string Value)> EnvironmentOverrides(IDictionary<string, string?> environment) =>
        environment
            .Where(e => e.Key.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) && e.Value is not null && e.Key.Length > EnvironmentPrefix.Length)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => (e.Key, "fountain." + string.Join('.', e.Key[EnvironmentPrefix.Length..].Split("__").Select(part => part.ToLowerInvariant().Replace('_', '-'))), e.Value!));

    /// <summary>
    /// hocon/reference.conf: the operator's complete list, generated from the components' reference.conf files (their
    /// leading comment lines become each part's heading, their fountain { } blocks one block).
    /// </summary>
    public static string GenerateReference()
    {
        var text = new StringBuilder();
        text.Append("# Fountain reference configuration: every setting, its default, and one line on what it does.\n");
        text.Append("# Generated by `fountain config reference` from each component's reference.conf; edit those, not this file.\n");
        text.Append("# Settings load in this order, later wins: these defaults < the --config file < FOUNTAIN__ environment variables\n");
        text.Append("# (FOUNTAIN__NODE__LISTEN_URL sets fountain.node.listen-url) < --set key=value and a command's own options.\n");
        text.Append("# Sizes take units (2MiB, 512KiB), durations too (20s, 5 minutes).\n");
        text.Append("\nfountain {\n");
        for (int i = 0; i < Components.Count; i++)
        {
            var (source, component) = Components[i];
            var lines = component.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
            int open = Array.IndexOf(lines, "fountain {");
            if (open < 0 || lines[^1] != "}" || lines[..open].Any(l => !l.StartsWith('#')))
                throw new InvalidOperationException($"{source} must be comment lines, then 'fountain {{', its settings, and a last line '}}'.");
            if (i > 0) text.Append('\n');
            text.Append("  # ---- ").Append(source).Append(" ----\n");
            foreach (var line in lines[..open]) text.Append("  ").Append(line).Append('\n');
            foreach (var line in lines[(open + 1)..^1]) text.Append(line).Append('\n');
        }
        return text.Append("}\n").ToString();
    }

    /// <summary>
    /// Every setting under <paramref name="root"/> with its value, in file order: the leaves of the objects (a list is one
    /// value; an empty object such as fountain.chain.genesis-allocations {} is one value too, its keys being data).
    /// </summary>
    public static IEnumerable<(string Key, HoconValue Value)> Leaves(Config config, string root = "fountain")
    {
        var stack = new Stack<(string Key, HoconValue Value)>();
        stack.Push((root, config.GetValue(root)));
        while (stack.Count > 0)
        {
            var (key, value) = stack.Pop();
            if (value.IsObject() && value.GetObject().Items.Count > 0)
                foreach (var (name, child) in value.GetObject().Items.Reverse()) stack.Push(($"{key}.{name}", child));
            else
                yield return (key, value);
        }
    }

    /// <summary>A value as HOCON text: bare when that reads back the same, else quoted; lists and objects whole.</summary>
    public static string Render(HoconValue value)
    {
        if (value.IsObject()) return value.GetObject().Items.Count == 0 ? "{}" : "{ " + string.Join(", ", value.GetObject().Items.Select(i => $"{Quote(i.Key)} = {Render(i.Value)}")) + " }";
        if (SettingReads.IsList(value)) return "[" + string.Join(", ", value.GetArray().Select(Render)) + "]";
        return value.IsString() ? Quote(value.GetString()) : "";

        static string Quote(string text) =>
            text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_') ? text : JsonSerializer.Serialize(text);
    }

    /// <summary>One --set or environment value: a list [..] or an object { .. } is HOCON; anything else is taken as text.</summary>
    private static Config Assignment(string key, string value)
    {
        // Taking a plain value as text keeps what HOCON would change: a '#' starts a comment, a ':' needs quotes
        // (URLs, connection strings). Every reader parses numbers, sizes and durations from the text anyway.
        var trimmed = value.Trim();
        var hocon = trimmed.StartsWith('[') || trimmed.StartsWith('{') ? trimmed : JsonSerializer.Serialize(value);
        try
        {
            return ConfigurationFactory.ParseString($"{key} = {hocon}");
        }
        catch (Exception e) when (e is FormatException or ConfigurationException)
        {
            throw new FormatException($"{key} = {value}: {e.Message}", e);
        }
    }

    /// <summary>Parses the operator's file; an include names a file relative to the including one.</summary>
    private static Config ParseFile(string file)
    {
        var path = Path.GetFullPath(file);
        if (!File.Exists(path)) throw new FileNotFoundException($"The configuration file '{file}' does not exist.", path);
        return Parse(path);

        static Config Parse(string path)
        {
            var folder = Path.GetDirectoryName(path)!;
            try
            {
                return ConfigurationFactory.ParseString(File.ReadAllText(path), name =>
                {
                    var included = Path.GetFullPath(Path.Combine(folder, name));
                    if (!File.Exists(included)) throw new FileNotFoundException($"{path} includes '{name}', which does not exist.", included);
                    return new HoconRoot(Parse(included).Root);
                });
            }
            catch (Exception e) when (e is ConfigurationException || (e is FormatException && e is not HoconFileException))
            {
                throw new HoconFileException($"{path} is not valid HOCON: {e.Message}", e);
            }
        }
    }

    /// <summary>A file that is not HOCON; its message names the file.</summary>
    private sealed class HoconFileException(string message, Exception inner) : FormatException(message, inner);

    /// <summary>
    /// Checks a layer against the defaults: under fountain, every key must be one a component defines (an empty object
    /// in the defaults, such as fountain.chain.genesis-allocations, takes keys of the operator's choosing) and every
    /// value must be there (Akka's parser takes "key =" at the end of a line as a key without a value). Outside
    /// fountain only akka is allowed, for Akka's own settings.
    /// </summary>
    private static void Check(Layer layer)
    {
        foreach (var (key, value) in layer.Config.Root.GetObject().Items)
        {
            if (key == "fountain") Walk(value, Defaults.GetValue("fountain"), "fountain");
            else if (key != "akka") throw Unknown(key, ["fountain", "akka"]);
        }

        // known: the defaults' value at path; free: inside an object whose keys are the operator's (known is then null).
        void Walk(HoconValue value, HoconValue? known, string path, bool free = false)
        {
            if (value.IsObject())
            {
                if (!free && !known!.IsObject())
                    throw new SettingException(path, $"is a single setting, not a block of settings (in {layer.Name})");
                bool childrenFree = free || known!.GetObject().Items.Count == 0;
                foreach (var (key, child) in value.GetObject().Items)
                {
                    HoconValue? knownChild = null;
                    if (!childrenFree && !known!.GetObject().Items.TryGetValue(key, out knownChild))
                        throw Unknown($"{path}.{key}", known.GetObject().Items.Keys);
                    Walk(child, knownChild, $"{path}.{key}", childrenFree);
                }
                return;
            }
            if (!free && known!.IsObject() && known.GetObject().Items.Count > 0)
                throw new SettingException(path, $"is a block of settings; set its keys ({path}.<key> = ...), not the block (in {layer.Name})");
            if (!SettingReads.IsList(value) && !value.IsString())
                throw new SettingException(path, $"has no value (in {layer.Name})");
        }

        SettingException Unknown(string path, IEnumerable<string> siblings)
        {
            var name = path[(path.LastIndexOf('.') + 1)..];
            var near = siblings.OrderBy(s => Distance(s, name)).FirstOrDefault(s => Distance(s, name) <= Math.Max(2, name.Length / 3));
            var prefix = path.Contains('.', StringComparison.Ordinal) ? path[..path.LastIndexOf('.')] + "." : "";
            return new SettingException(path, $"no component reads this setting (in {layer.Name}){(near is null ? "" : $"; did you mean {prefix}{near}?")}");
        }
    }

    /// <summary>Levenshtein distance, for "did you mean".</summary>
    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    private static Dictionary<string, string?> CurrentEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value);

    internal sealed record Layer(string Name, Config Config);
}

/// <summary>
/// The merged configuration and where each layer came from, so that a setting's error names the file, variable or
/// --set that gave it its value.
/// </summary>
internal sealed class LoadedConfig
{
    private readonly IReadOnlyList<FountainConfig.Layer> _layers;

    internal LoadedConfig(IReadOnlyList<FountainConfig.Layer> layers)
    {
        _layers = layers;
        Config = layers.Skip(1).Aggregate(layers[0].Config, (merged, layer) => layer.Config.WithFallback(merged));
    }

    /// <summary>Every layer merged, the last on top.</summary>
    public Config Config { get; }

    /// <summary>Runs a component's reader; a <see cref="SettingException"/> comes back with the layer that set the key.</summary>
    public T Read<T>(Func<Config, T> reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        try
        {
            return reader(Config);
        }
        catch (SettingException e)
        {
            throw new SettingException(e.Key, $"{e.Problem} ({SetBy(e.Key)})", e);
        }
    }

    /// <summary>Which layers gave a key (or, for a block, anything under it) its value.</summary>
    public string SetBy(string key)
    {
        var setters = _layers.Skip(1).Where(l => l.Config.HasPath(key)).Select(l => l.Name).ToList();
        bool leaf = Config.HasPath(key) && Config.GetValue(key) is { } value && !value.IsObject();
        if (setters.Count == 0) return "the default";
        return leaf ? $"set in {setters[^1]}" : $"set in {string.Join(", ", setters)}";
    }
}
