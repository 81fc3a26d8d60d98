using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;

namespace Fountain.Actors.Artworks;

/// <summary>
/// The artwork journal's explicit contract (DESIGN.md, Hyperion row: "prefer explicit event contracts for what is
/// journaled"): events and snapshots are camelCase JSON with a versioned manifest, so a renamed CLR type or a moved
/// assembly still reads old journals, and a journal can be read by anything that reads JSON. Bound in HOCON to
/// <see cref="ArtworkEvent"/> and <see cref="ArtworkState"/> (<see cref="Hosting.FountainActorsConfig"/>).
/// </summary>
public sealed class ArtworkJournalSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 7301;
    public const string EventManifest = "artwork-event.v1";
    public const string StateManifest = "artwork-state.v1";

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        ArtworkEvent => EventManifest,
        ArtworkState => StateManifest,
        _ => throw new ArgumentException($"{o.GetType()} is not part of the artwork journal's contract", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => obj switch
    {
        ArtworkEvent e => JsonSerializer.SerializeToUtf8Bytes(e, ArtworkJson.Default.ArtworkEvent),
        ArtworkState s => JsonSerializer.SerializeToUtf8Bytes(s, ArtworkJson.Default.ArtworkState),
        _ => throw new ArgumentException($"{obj.GetType()} is not part of the artwork journal's contract", nameof(obj)),
    };

    public override object FromBinary(byte[] bytes, string manifest) => FromJson(bytes, manifest);

    /// <summary>Reads a journal row's payload by its manifest (also for tools and tests that read the journal table).</summary>
    public static object FromJson(byte[] bytes, string manifest) => manifest switch
    {
        EventManifest => JsonSerializer.Deserialize(bytes, ArtworkJson.Default.ArtworkEvent) ?? throw new FormatException("an empty artwork event"),
        StateManifest => JsonSerializer.Deserialize(bytes, ArtworkJson.Default.ArtworkState) ?? throw new FormatException("an empty artwork state"),
        _ => throw new FormatException($"unknown artwork journal manifest '{manifest}'"),
    };
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ArtworkEvent))]
[JsonSerializable(typeof(ArtworkState))]
internal sealed partial class ArtworkJson : JsonSerializerContext;
