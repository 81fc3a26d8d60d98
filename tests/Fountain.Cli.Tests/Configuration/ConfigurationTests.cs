using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using Fountain.Chain.Configuration;
using Fountain.Cli.Configuration;
using Fountain.Lab.Scenarios;
using Fountain.Node.Configuration;
using Fountain.Cli.Tests.Support;

namespace Fountain.Cli.Tests.Configuration;

/// <summary>
/// The configuration as a whole: hocon/reference.conf is the components' reference.conf files put together, every key
/// in them has one owner, one comment and a reader, and the one loader layers and checks what operators write.
/// </summary>
public sealed partial class ConfigurationTests : IDisposable
{
    private static readonly Dictionary<string, string?> NoEnvironment = [];
    private readonly string _root = Directory.CreateTempSubdirectory("fountain-configuration-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static Config Parse(string hocon) => ConfigurationFactory.ParseString(hocon);

    [Fact]
    public void Hocon_reference_conf_is_generated_from_the_components_reference_conf_files()
    {
        var path = Path.Combine(RepositoryRoot(), "hocon", "reference.conf");
        var generated = FountainConfig.GenerateReference();
        if (Environment.GetEnvironmentVariable("FOUNTAIN_WRITE_REFERENCE") == "1") File.WriteAllText(path, generated);
        Assert.True(File.ReadAllText(path) == generated,
            "hocon/reference.conf differs from the components' reference.conf files (src/Fountain.{Cli,Chain,Node,Lab}/reference.conf). " +
            "Edit those and regenerate it: dotnet run --project src/Fountain.Cli -- config reference > hocon/reference.conf " +
            "(or run this test with FOUNTAIN_WRITE_REFERENCE=1).");
        // The generated file means what the merged defaults mean: the same keys with the same values.
        var file = FountainConfig.Leaves(Parse(generated)).ToDictionary(l => l.Key, l => FountainConfig.Render(l.Value));
        var merged = FountainConfig.Leaves(FountainConfig.Defaults).ToDictionary(l => l.Key, l => FountainConfig.Render(l.Value));
        Assert.Equal(merged.OrderBy(p => p.Key, StringComparer.Ordinal), file.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void Every_key_has_one_owning_component_and_one_comment_line()
    {
        var owners = new Dictionary<string, string>();
        foreach (var (source, text) in FountainConfig.Components)
        {
            var keys = FountainConfig.Leaves(Parse(text)).Select(l => l.Key).ToList();
            Assert.NotEmpty(keys);
            foreach (var key in keys)
                Assert.True(owners.TryAdd(key, source), $"{key} is defined by both {owners.GetValueOrDefault(key)} and {source}");

            // Each setting on a line of its own, with its one comment line just above it.
            var lines = text.ReplaceLineEndings("\n").Split('\n');
            var path = new List<string>();
            var commented = new List<string>();
            for (int i = 0; i < lines.Length; i++)
            {
                var line = lines[i].Trim();
                if (line.Length == 0 || line.StartsWith('#')) continue;
                if (line == "}") { path.RemoveAt(path.Count - 1); continue; }
                var block = Block().Match(line);
                if (block.Success) { path.Add(block.Groups[1].Value); continue; }
                var setting = Setting().Match(line);
                Assert.True(setting.Success, $"{source}, line {i + 1}: '{line}' is not one setting on a line of its own");
                var key = string.Join('.', path.Append(setting.Groups[1].Value));
                Assert.True(lines[i - 1].Trim().StartsWith("# ", StringComparison.Ordinal), $"{source}: {key} has no comment line above it");
                commented.Add(key);
            }
            Assert.Equal(keys, commented);
        }
    }

    /// <summary>
    /// No documented key the program never reads: each key of the merged defaults in turn gets another valid value, and
    /// the settings the program reads from the configuration (the CLI's codec settings, the node's, the chain's, a lab
    /// scenario's) must come out different. A key that no reader reads leaves them all equal, and the test fails.
    /// </summary>
    [Fact]
    public void Every_setting_in_the_defaults_is_read()
    {
        // A scenario needs a name and a model; everything else is the defaults.
        var baseline = Parse("fountain.lab.scenario { name = n, model = challenges }").WithFallback(FountainConfig.Defaults);
        var leaves = FountainConfig.Leaves(FountainConfig.Defaults).ToList();
        Assert.True(leaves.Count > 140, $"only {leaves.Count} settings found");
        var problems = new List<string>();
        foreach (var (key, _) in leaves)
        {
            var tried = new List<string>();
            bool decided = false;
            foreach (var (companion, change) in Alternatives(key, baseline.GetValue(key)))
            {
                var before = companion is null ? baseline : Parse(companion).WithFallback(baseline);
                string expected, actual;
                try
                {
                    expected = ReadAll(before);
                    actual = ReadAll(Parse(change).WithFallback(before));
                }
                catch (Exception e) when (e is FormatException or ArgumentException)
                {
                    tried.Add($"{change.ReplaceLineEndings(" ")}: {e.Message}");
                    continue;
                }
                if (actual == expected) problems.Add($"{key}: no setting read changes when it does ({change.ReplaceLineEndings(" ")}), so nothing reads it");
                decided = true;
                break;
            }
            if (!decided) problems.Add($"{key}: no other valid value to try ({string.Join("; ", tried)}); add one to Alternatives");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>Everything the program reads from the configuration, as text (records with collections compare by reference).</summary>
    private static string ReadAll(Config config) =>
        Dump(new object[] { CodecSettings.Read(config), NodeSettings.Read(config), ChainSettings.Read(config), ScenarioLoader.Load(config) });

    /// <summary>Other values for a key, most likely valid first; a companion is a change both sides need (postgres needs a connection string).</summary>
    private static IEnumerable<(string? Companion, string Change)> Alternatives(string key, HoconValue value)
    {
        if (value.IsObject())
        {
            // An empty object whose keys are data.
            yield return (null, key switch
            {
                "fountain.chain.genesis-allocations" => $"{key} {{ \"{new string('a', 64)}\" = 5 }}",
                "fountain.lab.scenario.parameters" => $"{key} {{ nodes = 77 }}",
                _ => $"{key} {{ x = 1 }}",
            });
            yield break;
        }
        if (SettingReads.IsList(value))
        {
            yield return (null, key == "fountain.lab.scenario.simulations" ? $"{key} = [ {{ model = durability }} ]\nfountain.lab.scenario.model = \"\"" : $"{key} = []");
            yield break;
        }
        var text = value.GetString();
        string Set(string v) => $"{key} = {v}";
        switch (text)
        {
            case "shift-shipped": yield return (null, Set("shift-2018")); yield break;
            case "trimmed-mean": yield return (null, Set("windowed-median")); yield break;
            case "normal": yield return (null, Set("full")); yield break;
            case "iqr": yield return (null, Set("stddev")); yield break;
            case "perpetual-fee": yield return (null, Set("lock")); yield break;
            case "positional": yield return (null, Set("cartesian")); yield break;
            case "challenges": yield return (null, Set("durability")); yield break;
            case "sqlite":
                var connection = key == "fountain.node.journal.provider" ? "fountain.node.journal.connection-string" : "fountain.chain.storage.postgres-connection-string";
                yield return ($"{connection} = \"Host=h\"", Set("postgres"));
                yield break;
            case "true" or "on": yield return (null, Set("false")); yield break;
            case "false" or "off": yield return (null, Set("true")); yield break;
        }
        var size = Size().Match(text);
        if (size.Success)
        {
            long bytes = Parse(Set(text)).GetByteSize(key)!.Value;
            yield return (null, Set($"{bytes / 2 / 1024}KiB"));
            yield return (null, Set($"{bytes * 2 / 1024}KiB"));
            yield break;
        }
        if (Duration().IsMatch(text))
        {
            var time = Parse(Set(text)).GetTimeSpan(key);
            if (time > TimeSpan.Zero) yield return (null, Set($"{(long)(time.TotalMilliseconds / 2)}ms"));
            yield return (null, Set($"{(long)(time.TotalMilliseconds * 2) + 1000}ms"));
            yield break;
        }
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            yield return (null, Set((n + 1).ToString(CultureInfo.InvariantCulture)));
            if (n > 1) yield return (null, Set((n - 1).ToString(CultureInfo.InvariantCulture)));
            yield break;
        }
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            yield return (null, Set((d * 0.9m).ToString(CultureInfo.InvariantCulture)));
            yield return (null, Set((d + 1).ToString(CultureInfo.InvariantCulture)));
            yield break;
        }
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Port > 0)
        {
            yield return (null, Set($"\"{new UriBuilder(uri) { Port = uri.Port + 1 }.Uri}\""));
            yield break;
        }
        if (text.Length > 0) yield return (null, Set($"\"{text}-x\""));
        foreach (var other in new[] { "x", "http://127.0.0.1:7199", "Host=h" }) yield return (null, Set($"\"{other}\""));
    }

    /// <summary>An object graph as text: public properties by name, collections item by item, delegates by name only.</summary>
    private static string Dump(object? value, int depth = 0)
    {
        if (depth > 16) return "...";
        switch (value)
        {
            case null: return "null";
            case string s: return "\"" + s + "\"";
            case Delegate or MemberInfo: return value.GetType().Name;
            case Enum or TimeSpan or DateTimeOffset: return value.ToString()!;
            case IConvertible c: return c.ToString(CultureInfo.InvariantCulture);
            case IEnumerable items: return "[" + string.Join(", ", items.Cast<object?>().Select(i => Dump(i, depth + 1))) + "]";
        }
        var type = value.GetType();
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p =>
            {
                object? v;
                try { v = p.GetValue(value); }
                catch (TargetInvocationException) { v = "!"; }
                return $"{p.Name} = {Dump(v, depth + 1)}";
            });
        return type.Name + " { " + string.Join(", ", properties) + " }";
    }

    [Fact]
    public void A_bad_value_names_its_key_and_the_layer_that_set_it()
    {
        var file = Write("node.conf", "fountain.node {\n  capacity = lots\n}\n");
        var error = Assert.Throws<SettingException>(() => FountainConfig.Load(file, environment: NoEnvironment).Read(NodeSettings.Read));
        Assert.Equal("fountain.node.capacity", error.Key);
        Assert.Contains($"'lots' is not a size", error.Message);
        Assert.Contains($"set in {file}", error.Message);

        var environment = new Dictionary<string, string?> { ["FOUNTAIN__NODE__HOLDERS_PER_BLOCK"] = "many" };
        error = Assert.Throws<SettingException>(() => FountainConfig.Load(environment: environment).Read(NodeSettings.Read));
        Assert.Equal("fountain.node.holders-per-block", error.Key);
        Assert.Contains("FOUNTAIN__NODE__HOLDERS_PER_BLOCK", error.Message);

        error = Assert.Throws<SettingException>(() => FountainConfig.Load(file, ["fountain.chain.height-interval=soon"], NoEnvironment).Read(ChainSettings.Read));
        Assert.Contains("set in --set fountain.chain.height-interval=soon", error.Message);
        error = Assert.Throws<SettingException>(() => FountainConfig.Load(null, ["fountain.healing.heal-below=20"], NoEnvironment).Read(NodeSettings.Read));
        Assert.Equal("fountain.healing", error.Key);
        Assert.Contains("set in --set fountain.healing.heal-below=20", error.Message);
    }

    [Fact]
    public void Unknown_keys_and_keys_without_a_value_are_refused_when_loaded()
    {
        var typo = Write("typo.conf", "fountain.node {\n  capactiy = 5GiB\n}\n");
        var error = Assert.Throws<SettingException>(() => FountainConfig.Load(typo, environment: NoEnvironment));
        Assert.Equal("fountain.node.capactiy", error.Key);
        Assert.Contains(typo, error.Message);
        Assert.Contains("did you mean fountain.node.capacity?", error.Message);

        var broken = Write("broken.conf", "fountain.codec { redundancy = \n}\n");
        Assert.Equal("fountain.codec.redundancy", Assert.Throws<SettingException>(() => FountainConfig.Load(broken, environment: NoEnvironment)).Key);
        Assert.Contains("no component reads", Assert.Throws<SettingException>(() => FountainConfig.Load(null, ["fountian.node.capacity=1"], NoEnvironment)).Message);
        Assert.Contains("block of settings", Assert.Throws<SettingException>(() => FountainConfig.Load(null, ["fountain.node=5"], NoEnvironment)).Message);
        Assert.Contains("single setting", Assert.Throws<SettingException>(() => FountainConfig.Load(null, ["fountain.node.capacity={ x = 1 }"], NoEnvironment)).Message);
        var unknownVariable = new Dictionary<string, string?> { ["FOUNTAIN__NODE__COLOUR"] = "blue" };
        Assert.Contains("FOUNTAIN__NODE__COLOUR", Assert.Throws<SettingException>(() => FountainConfig.Load(environment: unknownVariable)).Message);
        Assert.Throws<FormatException>(() => FountainConfig.Load(null, ["capacity"], NoEnvironment));
        Assert.Throws<FileNotFoundException>(() => FountainConfig.Load(Path.Combine(_root, "missing.conf"), environment: NoEnvironment));

        // Akka's own settings pass through; keys of an object the operator fills (genesis accounts) are the operator's.
        FountainConfig.Load(null, ["akka.loglevel=DEBUG", $"fountain.chain.genesis-allocations={{ \"{new string('b', 64)}\" = 7 }}"], NoEnvironment);
    }

    [Fact]
    public void Files_include_files_and_plain_values_from_the_command_line_are_kept_as_text()
    {
        Write("base.conf", "fountain.node.holders-per-block = 4\n");
        var main = Write("main.conf", "include \"base.conf\"\nfountain.node.capacity = 3GiB\n");
        var loaded = FountainConfig.Load(main, ["fountain.chain.storage.postgres-connection-string=Host=h;Password=a#b:c"], NoEnvironment);
        var node = loaded.Read(NodeSettings.Read);
        Assert.Equal((4, 3L << 30), (node.HoldersPerBlock, node.CapacityBytes));
        Assert.Equal("Host=h;Password=a#b:c", loaded.Read(ChainSettings.Read).PostgresConnectionString); // '#' and ':' are not HOCON syntax here
        Assert.Equal("set in --set fountain.chain.storage.postgres-connection-string=Host=h;Password=a#b:c", loaded.SetBy("fountain.chain.storage.postgres-connection-string"));
        Assert.Equal("the default", loaded.SetBy("fountain.node.listen-url"));
        Assert.Equal([4L, 8L], FountainConfig.Load(null, ["fountain.lab.scenario.parameters.redundancy=[4, 8]"], NoEnvironment).Config.GetLongList("fountain.lab.scenario.parameters.redundancy"));
    }

    [Fact]
    public void Config_reference_prints_hocon_reference_conf_and_config_show_says_what_set_each_value()
    {
        var (exit, output) = CliRunner.Run("config", "reference");
        Assert.Equal(0, exit);
        Assert.Equal(FountainConfig.GenerateReference(), output);

        (exit, output) = CliRunner.Run("config", "show", "--set", "fountain.node.capacity=3GiB");
        Assert.Equal(0, exit);
        Assert.Contains("fountain.node.capacity = 3GiB  # set in --set fountain.node.capacity=3GiB", output);
        Assert.Contains("fountain.chain.custody-verifiers = 2\n", output.ReplaceLineEndings("\n"));
        Assert.Equal(1, CliRunner.Run("config", "show", "--set", "fountain.node.capactiy=3GiB").ExitCode);
    }

    internal static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Fountain.Actors.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("the repository root (Fountain.Actors.sln) is not above the test binaries");
    }

    [GeneratedRegex(@"^([a-z0-9-]+) \{$")]
    private static partial Regex Block();

    [GeneratedRegex(@"^([a-z0-9-]+) (?:= \S.*|\{\})$")]
    private static partial Regex Setting();

    [GeneratedRegex(@"^\d+\s*(?:B|KiB|MiB|GiB|TiB|kB|MB|GB|TB)$")]
    private static partial Regex Size();

    [GeneratedRegex(@"^\d+\s*(?:ms|s|m|h|d|seconds?|minutes?|hours?|days?)$")]
    private static partial Regex Duration();
}
