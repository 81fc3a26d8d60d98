using System.Reflection;
using Fountain.Actors.Configuration;

namespace Fountain.Cli.Configuration;

/// <summary>
/// The CLI's configuration, in layers, each overriding the ones before it (issue 3): hocon/reference.conf (built into
/// the program, so it always has every default) &lt; the operator's file (--config) &lt; the environment
/// (FOUNTAIN__NODE__LISTEN_URL sets fountain.node.listen-url: a double underscore separates path segments, a single
/// one stands for a hyphen) &lt; the command line (--set fountain.node.holders-per-block=5, and a command's own
/// options). Files may also read the environment with ${?VAR}.
/// </summary>
internal static partial class FountainConfig
{
    public const string EnvironmentPrefix = "FOUNTAIN__";

    public static HoconDocument Load(string? userFile = null, IEnumerable<string>? sets = null, IDictionary<string, string?>? environment = null)
    {
        var text = new System.Text.StringBuilder(ReferenceText()).Append('\n');
        Func<string, string?>? resolveInclude = null;
        if (userFile is not null)
        {
            if (!File.Exists(userFile)) throw new FileNotFoundException($"The configuration file '{userFile}' does not exist.");
            var folder = Path.GetDirectoryName(Path.GetFullPath(userFile))!;
            resolveInclude = include => File.Exists(Path.Combine(folder, include)) ? File.ReadAllText(Path.Combine(folder, include)) : null;
            text.Append(File.ReadAllText(userFile)).Append('\n');
        }
        // Later text merges over earlier text (HOCON object merging), which is exactly "each layer overrides the ones before".
        foreach (var (key, value) in EnvironmentOverrides(environment ?? CurrentEnvironment()))
            text.Append(key).Append(" = ").Append(System.Text.Json.JsonSerializer.Serialize(value)).Append('\n');
        foreach (var set in sets ?? [])
        {
            var match = SetPattern().Match(set);
            if (!match.Success) throw new FormatException($"--set '{set}' is not key=value with a dotted key such as fountain.node.holders-per-block.");
            text.Append(match.Groups[1].Value).Append(" = ").Append(match.Groups[2].Value).Append('\n');
        }
        return HoconDocument.Parse(text.ToString(), userFile ?? "reference.conf", resolveInclude);
    }

    /// <summary>The command line's layer: --set key=value, repeatable; it wins over the file and the environment.</summary>
    public static System.CommandLine.Option<string[]> SetOption() => new("--set")
    {
        Description = "Override a setting: --set fountain.node.holders-per-block=5 (repeatable; wins over --config and FOUNTAIN__ environment variables).",
    };

    /// <summary>FOUNTAIN__CODEC__ZSTD_LEVEL=5 → ("fountain.codec.zstd-level", "5").</summary>
    public static IEnumerable<(string Key, string Value)> EnvironmentOverrides(IDictionary<string, string?> environment) =>
        environment
            .Where(e => e.Key.StartsWith(EnvironmentPrefix, StringComparison.Ordinal) && e.Value is not null && e.Key.Length > EnvironmentPrefix.Length)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => ("fountain." + string.Join('.', e.Key[EnvironmentPrefix.Length..].Split("__").Select(part => part.ToLowerInvariant().Replace('_', '-'))), e.Value!));

    private static Dictionary<string, string?> CurrentEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value);

    [System.Text.RegularExpressions.GeneratedRegex(@"^([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)=(.*)$")]
    private static partial System.Text.RegularExpressions.Regex SetPattern();

    public static string ReferenceText()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("reference.conf")
            ?? throw new InvalidOperationException("reference.conf is missing from the build.");
        return new StreamReader(stream).ReadToEnd();
    }
}
