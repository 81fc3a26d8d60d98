using System.Text.Json;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using Fountain.Lab.Engine;
using Fountain.Lab.Models;

namespace Fountain.Lab.Scenarios;

/// <summary>
/// Reads a scenario from HOCON (a scenario file over <see cref="LabConfig.Defaults"/>, plus command-line overrides),
/// under <c>fountain.lab.scenario</c>. Unknown parameters and keys are errors, so that a typo never silently runs the
/// default.
/// </summary>
public static class ScenarioLoader
{
    public const string Root = "fountain.lab.scenario";

    private static readonly HashSet<string> SimulationKeys = ["label", "model", "parameters"];

    /// <summary>The scenario keys there are: those of the lab's reference.conf.</summary>
    private static readonly IReadOnlyCollection<string> ScenarioKeys = LabConfig.Defaults.GetValue(Root).GetObject().Items.Keys.ToArray();

    /// <summary>
    /// Reads the scenario of <paramref name="config"/> (laid over the lab's defaults here, so a bare scenario file will
    /// do) with <paramref name="overrides"/> on top: "--set key=value" assignments, a key relative to the scenario unless
    /// it starts with "fountain.", a list such as [4, 8] replacing a list whole, other values taken as text.
    /// <c>simulations.N.key=value</c> changes the N-th simulation (from 0).
    /// </summary>
    public static Scenario Load(Config config, IEnumerable<string>? overrides = null, int? runsOverride = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        config = config.WithFallback(LabConfig.Defaults);
        var perSimulation = new Dictionary<int, Config>();
        foreach (var (path, value) in Assignments(overrides ?? []))
        {
            var simulation = SimulationPath(path);
            if (simulation is { } s)
                perSimulation[s.Index] = perSimulation.TryGetValue(s.Index, out var earlier) ? Hocon(s.Key, value).WithFallback(earlier) : Hocon(s.Key, value);
            else
                config = Hocon(path, value).WithFallback(config);
        }

        var root = config.GetConfig(Root);
        CheckKeys(root, ScenarioKeys, Root);
        string name = Required(root, "name");
        int runs = runsOverride ?? Int(root, "runs");
        if (runs < 1) throw new ArgumentException($"runs must be at least 1, not {runs}.");
        int timesteps = Int(root, "timesteps");
        if (timesteps < 1) throw new ArgumentException($"timesteps must be at least 1, not {timesteps}.");
        var sweep = Text(root, "sweep").ToLowerInvariant() switch
        {
            "positional" => SweepMode.Positional,
            "cartesian" => SweepMode.Cartesian,
            var other => throw new ArgumentException($"sweep must be positional or cartesian, not '{other}'."),
        };

        var shared = Object(root, "parameters");
        var listed = root.GetValue("simulations") is { } list && IsList(list) ? list.GetArray() : throw new ArgumentException("'simulations' must be a list [ { label, model, parameters } ... ].");
        foreach (var index in perSimulation.Keys.Where(i => i >= listed.Count))
            throw new ArgumentException($"--set simulations.{index}...: the scenario has {listed.Count} simulation(s), counted from 0.");
        var simulations = new List<ScenarioSimulation>();
        if (listed.Count == 0)
        {
            var model = ModelCatalog.Get(Required(root, "model"));
            simulations.Add(new ScenarioSimulation(name, model, Space(model, shared, null)));
        }
        else
        {
            if (Text(root, "model").Length > 0) throw new ArgumentException("Give either 'model' or 'simulations', not both.");
            for (int i = 0; i < listed.Count; i++)
            {
                if (!listed[i].IsObject()) throw new ArgumentException($"simulations.{i} must be an object {{ label, model, parameters }}.");
                var sim = new Config(new HoconRoot(listed[i]));
                if (perSimulation.TryGetValue(i, out var changes)) sim = changes.WithFallback(sim);
                CheckKeys(sim, SimulationKeys, $"simulations.{i}");
                var model = ModelCatalog.Get(Required(sim, "model"));
                var label = sim.HasPath("label") ? Text(sim, "label") : $"{model.Name} #{i}";
                simulations.Add(new ScenarioSimulation(label, model, Space(model, shared, sim.HasPath("parameters") ? Object(sim, "parameters") : null)));
            }
        }

        int threads = Int(root, "threads"), buffered = Int(root, "max-buffered-runs");
        if (threads < 0) throw new ArgumentException($"threads must be 0 (one per core) or more, not {threads}.");
        if (buffered < 1) throw new ArgumentException($"max-buffered-runs must be at least 1, not {buffered}.");
        var scenario = new Scenario(name, Text(root, "description"), Long(root, "seed"), runs, timesteps, sweep,
            Bool(root, "last-substep-only"), simulations) { Threads = threads, MaxBufferedRuns = buffered };
        // Expand once now, so that a bad sweep fails before any output is written.
        foreach (var s in scenario.Simulations) s.Parameters.Expand(sweep);
        return scenario;
    }

    /// <summary>"key=value" into (full path, value text); a key is relative to the scenario unless it starts with "fountain.".</summary>
    private static IEnumerable<(string Path, string Value)> Assignments(IEnumerable<string> assignments)
    {
        foreach (var assignment in assignments)
        {
            int eq = assignment.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"An override must look like key=value, not '{assignment}'.");
            string key = assignment[..eq].Trim();
            yield return (key.StartsWith("fountain.", StringComparison.Ordinal) ? key : Root + "." + key, assignment[(eq + 1)..].Trim());
        }
    }

    /// <summary>fountain.lab.scenario.simulations.N.rest → (N, rest): HOCON paths cannot reach into a list.</summary>
    private static (int Index, string Key)? SimulationPath(string path)
    {
        const string prefix = Root + ".simulations.";
        if (!path.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var rest = path[prefix.Length..];
        int dot = rest.IndexOf('.');
        return dot > 0 && int.TryParse(rest[..dot], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int index)
            ? (index, rest[(dot + 1)..])
            : throw new ArgumentException($"--set {path[(Root.Length + 1)..]}: name a simulation by its position, e.g. simulations.0.parameters.nodes=100.");
    }

    /// <summary>
    /// One assignment as HOCON: a list [..] or an object { .. } is HOCON, anything else is text (as the CLI takes
    /// --set values: a '#' or ':' in a plain value is kept, not read as a comment or a separator).
    /// </summary>
    private static Config Hocon(string path, string value)
    {
        var trimmed = value.Trim();
        var hocon = trimmed.StartsWith('[') || trimmed.StartsWith('{') ? trimmed : JsonSerializer.Serialize(trimmed);
        try
        {
            return ConfigurationFactory.ParseString($"{path} = {hocon}");
        }
        catch (Exception e) when (e is FormatException or ConfigurationException)
        {
            throw new ArgumentException($"{path} = {value}: {e.Message}", e);
        }
    }

    private static ParameterSpace Space(ModelEntry model, HoconObject shared, HoconObject? own)
    {
        var space = new ParameterSpace();
        foreach (var (key, value) in model.Defaults) space.Set(key, value);
        foreach (var section in new[] { shared, own })
        {
            if (section is null) continue;
            foreach (var (key, parameter) in section.Items)
            {
                if (!model.Defaults.ContainsKey(key))
                    throw new ArgumentException(
                        $"Model '{model.Name}' has no parameter '{key}'. Its parameters: {string.Join(", ", model.Defaults.Keys.Order(StringComparer.Ordinal))}.");
                var items = IsList(parameter)
                    ? parameter.GetArray().Select(item => item.IsString() && !item.IsObject() ? ParameterValue.Parse(item.GetString()) : throw new ArgumentException($"Parameter '{key}' must be a value or a list of values.")).ToArray()
                    : parameter.IsString() && !parameter.IsObject() ? [ParameterValue.Parse(parameter.GetString())]
                    : throw new ArgumentException($"Parameter '{key}' must be a value or a list of values.");
                space.Set(key, items);
            }
        }
        return space;
    }

    private static void CheckKeys(Config section, IReadOnlyCollection<string> allowed, string where)
    {
        foreach (var key in section.Root.GetObject().Items.Keys)
            if (!allowed.Contains(key))
                throw new ArgumentException($"Unknown key '{key}' in {where}. Allowed: {string.Join(", ", allowed)}.");
    }

    /// <summary>Akka's <see cref="HoconValue.IsArray"/> is false for an empty list.</summary>
    private static bool IsList(HoconValue value) => value.IsArray() || (value.Values.Count > 0 && value.Values.All(v => v is HoconArray));

    private static HoconObject Object(Config s, string key) =>
        s.GetValue(key) is { } v && v.IsObject() ? v.GetObject() : throw new ArgumentException($"'{key}' must be an object {{ name = value ... }}.");

    private static string Text(Config s, string key) =>
        s.GetValue(key) is { } v && v.IsString() && !v.IsObject() ? v.GetString() ?? "" : throw new ArgumentException($"'{key}' must be a value.");

    private static string Required(Config s, string key) =>
        s.HasPath(key) && Text(s, key) is { Length: > 0 } v ? v : throw new ArgumentException($"The scenario needs '{key}'.");

    private static long Long(Config s, string key) => ToLong(Text(s, key), key);

    private static int Int(Config s, string key) => (int)Math.Clamp(Long(s, key), int.MinValue, int.MaxValue);

    private static bool Bool(Config s, string key) =>
        bool.TryParse(Text(s, key), out bool b) ? b : throw new ArgumentException($"'{key}' must be true or false, not '{Text(s, key)}'.");

    private static long ToLong(string text, string key) =>
        ParameterValue.Parse(text) is long l ? l : throw new ArgumentException($"'{key}' must be an integer, not '{text}'.");
}
