using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace Fountain.Actors.Hosting;

/// <summary>
/// Takes the place of Akka's JSON serializer (<c>akka.actor.serializers.json</c>, identifier 1: Newtonsoft.Json with type
/// names, bound by default to <c>System.Object</c>) and refuses everything. A peer could otherwise send any message marked
/// with identifier 1 naming a CLR type, and this system would build that type for it: the JSON serializer has no allow-list.
/// Fountain binds every type it sends or journals to a serializer of its own (Hyperion with an allow-list, the artwork
/// journal's contract) and Akka binds its own messages to its protobuf serializers, so nothing needs JSON; a type that
/// falls through to it is a missing binding, and is refused on writing as well, with its name, rather than sent as JSON.
/// Remoting logs a refused inbound message and drops it; the association stays up (JsonRefusalTests).
/// </summary>
public sealed class RefusingJsonSerializer : Serializer
{
    /// <summary>Akka's identifier of its JSON serializer, which a peer's message names.</summary>
    public const int JsonIdentifier = 1;

    public RefusingJsonSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public RefusingJsonSerializer(ExtendedActorSystem system, Config config) : base(system)
    {
    }

    public override int Identifier => JsonIdentifier;

    public override bool IncludeManifest => true;

    public override byte[] ToBinary(object obj) =>
        throw new SerializationException($"{obj?.GetType().FullName ?? "null"} has no serializer binding: Akka's JSON serializer is disabled (bind the type to hyperion and allow it)");

    public override object FromBinary(byte[] bytes, Type type) =>
        throw new SerializationException($"a message for Akka's JSON serializer (identifier 1{(type is null ? "" : ", type " + type.FullName)}) was refused: the JSON serializer is disabled");
}
