using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using Fountain.Actors.Artworks;
using Hyperion;

namespace Fountain.Actors.Hosting;

/// <summary>
/// How Fountain's messages are serialized (DESIGN.md, Hyperion row). Messages that may cross a process
/// (<see cref="IFountainMessage"/>) go through Hyperion (<see cref="FountainHyperionSerializer"/>), which would otherwise
/// instantiate any CLR type a peer names: here it reads and writes only the types of <see cref="AllowedTypes"/> (and
/// refuses the known unsafe ones). What is journaled goes through <see cref="ArtworkJournalSerializer"/> instead, an
/// explicit JSON contract.
/// </summary>
public static class FountainSerialization
{
    /// <summary>Every type Hyperion may read from the wire: Fountain's cross-process messages and the types they carry.</summary>
    public static IReadOnlyList<Type> AllowedTypes { get; } =
    [
        typeof(CheckArtwork),
        typeof(GetArtworkRegionState),
        typeof(ArtworkRegionState),
    ];
}

/// <summary>
/// Hyperion with Fountain's allow-list. Two things in the released packages keep the stock ways from working, so the
/// filter is handed over here: Akka.Serialization.Hyperion 1.5.75 reads a <c>HyperionSerializerSetup</c>'s type filter
/// but builds Hyperion without it, and Hyperion 0.12.2 checks the filter with the full assembly-qualified name
/// (version, culture, key) when it writes, against the short names its own <c>TypeFilter</c> holds, so the HOCON
/// <c>allowed-types</c> list refuses even the types on it. <see cref="AllowList"/> compares names without version
/// information, both ways. SerializationTests checks that an allowed message round-trips and that another is refused.
/// </summary>
public sealed class FountainHyperionSerializer : HyperionSerializer
{
    public FountainHyperionSerializer(ExtendedActorSystem system) : this(system, Config.Empty)
    {
    }

    public FountainHyperionSerializer(ExtendedActorSystem system, Config config)
        : base(system, StockSettings(system, config).WithDisallowUnsafeType(true).WithTypeFilter(new AllowList(FountainSerialization.AllowedTypes)))
    {
    }

    /// <summary>The stock Hyperion settings (akka.actor.serialization-settings.hyperion when given, Hyperion's defaults otherwise).</summary>
    private static HyperionSerializerSettings StockSettings(ExtendedActorSystem system, Config config)
    {
        if (!config.IsNullOrEmpty() && config.HasPath("preserve-object-references")) return HyperionSerializerSettings.Create(config);
        var configured = system.Settings.Config.GetConfig("akka.actor.serialization-settings.hyperion");
        return !configured.IsNullOrEmpty() && configured.HasPath("preserve-object-references") ? HyperionSerializerSettings.Create(configured) : HyperionSerializerSettings.Default;
    }

    /// <summary>Allows exactly the given types, by name and assembly name, ignoring version, culture and public key token.</summary>
    public sealed class AllowList(IEnumerable<Type> types) : ITypeFilter
    {
        private readonly HashSet<string> _names = types.Select(t => $"{t.FullName}, {t.Assembly.GetName().Name}").ToHashSet(StringComparer.Ordinal);

        public bool IsAllowed(string typeName) => _names.Contains(WithoutVersion(typeName));

        private static string WithoutVersion(string typeName)
        {
            // "Namespace.Type, Assembly, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" -> "Namespace.Type, Assembly"
            int first = typeName.IndexOf(',');
            if (first < 0) return typeName;
            int second = typeName.IndexOf(',', first + 1);
            return (second < 0 ? typeName : typeName[..second]).Replace(" ", "", StringComparison.Ordinal).Replace(",", ", ", StringComparison.Ordinal);
        }
    }
}
