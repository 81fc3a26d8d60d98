using Fountain.Lab.Engine;
using Fountain.Lab.Models;
using Microsoft.Extensions.Configuration;

namespace Fountain.Lab.Scenarios;

/// <summary>
/// Reads a scenario from configuration (a HOCON file through the configuration provider, plus command-line
/// overrides), under <c>fountain.lab.scenario</c>. Unknown parameters and keys are errors, so that a typo never
/// silently runs the default.
/// </summary>
public static class ScenarioLoader
{
    public const string Root = "fountain:lab:scenario";

    private static readonly HashSet<string> ScenarioKeys =
        ["name", "description", "seed", "runs", "timesteps", "sweep", "last-substep-only", "model", "parameters", "simulations", "threads", "max-buffered-runs"];

    private static readonly HashSet<string> SimulationKeys = ["label", "model", "parameters"];

    /// <summary>Turns "--set key=value" overrides into configuration entries; a key is relative to the scenario unless it starts with "fountain.".</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Overrides(IEnumerable<string> assignments)
    {
        foreach (var assignment in assignments)
        {
            int eq = assignment.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"An override must look like key=value, not '{assignment}'.");
            string key = assignment[..eq].Trim().Replace('.', ':');
            if (!key.StartsWith("fountain:", StringComparison.Ordinal)) key = Root + ":" + key;
            // A list stays one literal ("[1, 2]") on the key itself: a value set on a key wins over the list items a
            // lower layer (the file) gave it, so an override replaces a list whole instead of merging item by item.
            yield return new(key, assignment[(eq + 1)..].Trim().Trim('"'));
        }
    }

    public static Scenario Load(IConfiguration configuration, int? runsOverride = null)
    {
        var root = configuration.GetSection(Root);
        if (!root.Exists()) throw new ArgumentException($"The file has no '{Root.Replace(':', '.')}' section.");
        CheckKeys(root, ScenarioKeys, "fountain.lab.scenario");

        string name = Required(root, "name");
        int runs = runsOverride ?? Int(root, "runs", 1);
        if (runs < 1) throw new ArgumentException($"runs must be at least 1, not {runs}.");
        int timesteps = Int(root, "timesteps", 1);
        if (timesteps < 1) throw new ArgumentException($"timesteps must be at least 1, not {timesteps}.");
        var sweep = (root["sweep"] ?? "positional").ToLowerInvariant() switch
        {
            "positional" => SweepMode.Positional,
            "cartesian" => SweepMode.Cartesian,
            var other => throw new ArgumentException($"sweep must be positional or cartesian, not '{other}'."),
        };

        var shared = root.GetSection("parameters");
        var simulations = new List<ScenarioSimulation>();
        var listed = root.GetSection("simulations").GetChildren().ToArray();
        if (listed.Length == 0)
        {
            var model = ModelCatalog.Get(Required(root, "model"));
            simulations.Add(new ScenarioSimulation(name, model, Space(model, shared, null)));
        }
        else
        {
            if (root["model"] is not null) throw new ArgumentException("Give either 'model' or 'simulations', not both.");
            foreach (var sim in listed.OrderBy(s => int.TryParse(s.Key, out int i) ? i : int.MaxValue))
            {
                CheckKeys(sim, SimulationKeys, $"simulations.{sim.Key}");
                var model = ModelCatalog.Get(Required(sim, "model"));
                simulations.Add(new ScenarioSimulation(sim["label"] ?? $"{model.Name} #{sim.Key}", model, Space(model, shared, sim.GetSection("parameters"))));
            }
        }

        int threads = Int(root, "threads", 0), buffered = Int(root, "max-buffered-runs", Scenario.DefaultMaxBufferedRuns);
        if (threads < 0) throw new ArgumentException($"threads must be 0 (one per core) or more, not {threads}.");
        if (buffered < 1) throw new ArgumentException($"max-buffered-runs must be at least 1, not {buffered}.");
        var scenario = new Scenario(name, root["description"] ?? "", Long(root, "seed", 1), runs, timesteps, sweep,
            Bool(root, "last-substep-only", true), simulations) { Threads = threads, MaxBufferedRuns = buffered };
        // Expand once now, so that a bad sweep fails before any output is written.
        foreach (var s in scenario.Simulations) s.Parameters.Expand(sweep);
        return scenario;
    }

    private static ParameterSpace Space(ModelEntry model, IConfigurationSection shared, IConfigurationSection? own)
    {
        var space = new ParameterSpace();
        foreach (var (key, value) in model.Defaults) space.Set(key, value);
        foreach (var section in new[] { shared, own })
        {
            if (section is null) continue;
            foreach (var parameter in section.GetChildren())
            {
                if (!model.Defaults.ContainsKey(parameter.Key))
                    throw new ArgumentException(
                        $"Model '{model.Name}' has no parameter '{parameter.Key}'. Its parameters: {string.Join(", ", model.Defaults.Keys.Order(StringComparer.Ordinal))}.");
                var items = parameter.Value is not null
                    ? ParameterValue.SplitList(parameter.Value).Select(ParameterValue.Parse).ToArray()
                    : parameter.GetChildren().OrderBy(c => int.TryParse(c.Key, out int i) ? i : int.MaxValue)
                        .Select(c => c.Value is null ? throw new ArgumentException($"Parameter '{parameter.Key}' must be a value or a list of values.") : ParameterValue.Parse(c.Value))
                        .ToArray();
                space.Set(parameter.Key, items);
            }
        }
        return space;
    }

    private static void CheckKeys(IConfigurationSection section, HashSet<string> allowed, string where)
    {
        foreach (var child in section.GetChildren())
            if (!allowed.Contains(child.Key))
                throw new ArgumentException($"Unknown key '{child.Key}' in {where}. Allowed: {string.Join(", ", allowed)}.");
    }

    private static string Required(IConfigurationSection s, string key) =>
        s[key] is { Length: > 0 } v ? v : throw new ArgumentException($"The scenario needs '{key}'.");

    private static long Long(IConfigurationSection s, string key, long fallback) => s[key] is null ? fallback : ToLong(s[key]!, key);

    private static int Int(IConfigurationSection s, string key, int fallback) => (int)Math.Clamp(Long(s, key, fallback), int.MinValue, int.MaxValue);

    private static bool Bool(IConfigurationSection s, string key, bool fallback) =>
        s[key] is null ? fallback : bool.TryParse(s[key], out bool b) ? b : throw new ArgumentException($"'{key}' must be true or false, not '{s[key]}'.");

    private static long ToLong(string text, string key) =>
        ParameterValue.Parse(text) is long l ? l : throw new ArgumentException($"'{key}' must be an integer, not '{text}'.");
}
