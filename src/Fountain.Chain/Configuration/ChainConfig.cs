using System.Reflection;
using Akka.Configuration;

namespace Fountain.Chain.Configuration;

/// <summary>
/// The chain's defaults: <c>fountain.chain</c> and <c>fountain.economics</c> (the chain applies the economics), from the
/// reference.conf built into this assembly. Read them with <see cref="ChainSettings.Read"/>.
/// </summary>
public static class ChainConfig
{
    /// <summary>The text of src/Fountain.Chain/reference.conf, comments included.</summary>
    public static string ReferenceText { get; } = ReferenceConf.Text(typeof(ChainConfig).Assembly, "Fountain.Chain.reference.conf");

    /// <summary>The parsed defaults; a configuration is read from a layer merged over them (<c>layer.WithFallback(Defaults)</c>).</summary>
    public static Config Defaults { get; } = ConfigurationFactory.ParseString(ReferenceText);
}

/// <summary>Reads the reference.conf a component builds in as a resource (as Akka's modules ship theirs).</summary>
public static class ReferenceConf
{
    public static string Text(Assembly assembly, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"{resourceName} is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
