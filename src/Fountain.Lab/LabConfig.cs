using System.Reflection;
using Akka.Configuration;

namespace Fountain.Lab;

/// <summary>
/// The lab's defaults: <c>fountain.lab.scenario</c>, from the reference.conf built into this assembly. A scenario file
/// is read over them (<c>scenario.WithFallback(Defaults)</c>) by <see cref="Scenarios.ScenarioLoader.Load"/>.
/// </summary>
public static class LabConfig
{
    /// <summary>The text of src/Fountain.Lab/reference.conf, comments included.</summary>
    public static string ReferenceText { get; } = Read(typeof(LabConfig).Assembly, "Fountain.Lab.reference.conf");

    public static Config Defaults { get; } = ConfigurationFactory.ParseString(ReferenceText);

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"{name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
