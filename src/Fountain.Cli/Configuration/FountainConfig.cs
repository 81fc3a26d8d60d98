using System.Reflection;
using Fountain.Actors.Configuration;

namespace Fountain.Cli.Configuration;

/// <summary>
/// The CLI's configuration: hocon/reference.conf (built into the program, so it always has every default),
/// then the operator's file, whose settings win. Files may read the environment with ${?VAR}; options given
/// on the command line win over both.
/// </summary>
internal static class FountainConfig
{
    public static HoconDocument Load(string? userFile = null)
    {
        var reference = ReferenceText();
        if (userFile is null) return HoconDocument.Parse(reference, "reference.conf");
        if (!File.Exists(userFile)) throw new FileNotFoundException($"The configuration file '{userFile}' does not exist.");
        // Later text merges over earlier text (HOCON object merging), which is exactly "the file overrides the reference".
        var folder = Path.GetDirectoryName(Path.GetFullPath(userFile))!;
        return HoconDocument.Parse(reference + "\n" + File.ReadAllText(userFile), userFile,
            include => File.Exists(Path.Combine(folder, include)) ? File.ReadAllText(Path.Combine(folder, include)) : null);
    }

    public static string ReferenceText()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("reference.conf")
            ?? throw new InvalidOperationException("reference.conf is missing from the build.");
        return new StreamReader(stream).ReadToEnd();
    }
}
