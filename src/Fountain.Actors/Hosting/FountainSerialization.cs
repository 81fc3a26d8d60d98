using Akka.Serialization;
using Akka.Serialization.Hyperion;
using Fountain.Actors.Artworks;
using Hyperion;

namespace Fountain.Actors.Hosting;

/// <summary>
/// How Fountain's messages are serialized (DESIGN.md, Hyperion row). Messages that may cross a process
/// (<see cref="IFountainMessage"/>) go through Hyperion, which would otherwise instantiate any CLR type a peer names:
/// here it instantiates only the types of <see cref="AllowedTypes"/> (and refuses the known unsafe ones). What is
/// journaled goes through <see cref="ArtworkJournalSerializer"/> instead, an explicit JSON contract.
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

    /// <summary>The Hyperion setup with Fountain's allow-list; add it to the actor system's setup.</summary>
    public static HyperionSerializerSetup HyperionSetup()
    {
        var filter = TypeFilterBuilder.Create();
        foreach (var type in AllowedTypes) filter = filter.Include(type);
        return HyperionSerializerSetup.Empty.WithDisallowUnsafeType(true).WithTypeFilter(filter.Build());
    }
}
