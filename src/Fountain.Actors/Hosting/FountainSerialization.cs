using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.Actor.Setup;
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
    /// <summary>
    /// Every type of ours Hyperion may read from the wire: Fountain's cross-process messages and the types they carry. In a
    /// cluster an artwork's check is asked through the sharded region, so <see cref="CheckArtwork"/> and its answer cross
    /// between members: the answer is the host's report type (the node's, given through <see cref="FountainSerializationSetup"/>)
    /// carrying a <see cref="CheckSummary"/>. Sharding's own envelopes and coordinator messages have Akka's serializer.
    /// </summary>
    public static IReadOnlyList<Type> AllowedTypes { get; } =
    [
        typeof(CheckArtwork),
        typeof(CheckSummary),
        typeof(GetArtworkRegionState),
        typeof(ArtworkRegionState),
    ];
}

/// <summary>
/// Types the host adds to Hyperion's allow-list for its actor system: those of its own that cross the cluster, such as its
/// <see cref="IArtworkCheckReport"/> type and what that carries. Given as a setup (typed, per system), not as a setting.
/// </summary>
public sealed class FountainSerializationSetup(IEnumerable<Type> allowedTypes) : Setup
{
    public IReadOnlyList<Type> AllowedTypes { get; } = allowedTypes.ToList();
}

/// <summary>
/// Hyperion with Fountain's allow-list. Two things in the released packages keep the stock ways from working, so the
/// filter is handed over here: Akka.Serialization.Hyperion 1.5.75 reads a <c>HyperionSerializerSetup</c>'s type filter
/// but builds Hyperion without it, and Hyperion 0.12.2 checks the filter with the full assembly-qualified name
/// (version, culture, key) when it writes, against the short names its own <c>TypeFilter</c> holds, so the HOCON
/// <c>allowed-types</c> list refuses even the types on it. <see cref="AllowList"/> compares names without version
/// information, both ways. SerializationTests checks that an allowed message round-trips and that another is refused.
/// </summary>
public sealed partial class FountainHyperionSerializer : HyperionSerializer
{
    public FountainHyperionSerializer(ExtendedActorSystem system) : this(system, Config.Empty)
    {
    }

    public FountainHyperionSerializer(ExtendedActorSystem system, Config config)
        : base(system, StockSettings(system, config).WithDisallowUnsafeType(true).WithTypeFilter(new AllowList(AllowedIn(system))))
    {
    }

    /// <summary>Fountain's allow-list and the host's additions (<see cref="FountainSerializationSetup"/>).</summary>
    private static IEnumerable<Type> AllowedIn(ExtendedActorSystem system)
    {
        var setup = system.Settings.Setup.Get<FountainSerializationSetup>();
        return setup.HasValue ? FountainSerialization.AllowedTypes.Concat(setup.Value.AllowedTypes) : FountainSerialization.AllowedTypes;
    }

    /// <summary>The stock Hyperion settings (akka.actor.serialization-settings.hyperion when given, Hyperion's defaults otherwise).</summary>
    private static HyperionSerializerSettings StockSettings(ExtendedActorSystem system, Config config)
    {
        if (!config.IsNullOrEmpty() && config.HasPath("preserve-object-references")) return HyperionSerializerSettings.Create(config);
        var configured = system.Settings.Config.GetConfig("akka.actor.serialization-settings.hyperion");
        return !configured.IsNullOrEmpty() && configured.HasPath("preserve-object-references") ? HyperionSerializerSettings.Create(configured) : HyperionSerializerSettings.Default;
    }

    /// <summary>
    /// Allows exactly the given types, by name and assembly name, ignoring version, culture and public key token, also
    /// inside a generic type's arguments (so a closed generic is allowed as a whole, not by its definition alone).
    /// </summary>
    public sealed partial class AllowList(IEnumerable<Type> types) : ITypeFilter
    {
        private readonly HashSet<string> _names = types.Select(t => WithoutVersions(t.AssemblyQualifiedName ?? t.FullName ?? t.Name)).ToHashSet(StringComparer.Ordinal);

        public bool IsAllowed(string typeName) => _names.Contains(WithoutVersions(typeName));

        /// <summary>
        /// "Ns.Type, Assembly, Version=1.0.0.0, Culture=neutral, PublicKeyToken=null" -> "Ns.Type, Assembly", wherever it
        /// occurs; Hyperion also writes the core library as "System.Private.CoreLib,%core%" (a placeholder it resolves on
        /// reading), which is dropped the same way.
        /// </summary>
        private static string WithoutVersions(string typeName) =>
            Versions().Replace(typeName, "").Replace(" ", "", StringComparison.Ordinal).Replace(",", ", ", StringComparison.Ordinal);

        [GeneratedRegex(@"\s*,\s*((Version|Culture|PublicKeyToken)=[^,\]]*|%core%)")]
        private static partial Regex Versions();
    }
}
