using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Fountain.Actors.Persistence;

/// <summary>Turns an actor's events into journal payloads and back.</summary>
public interface IEventSerializer<TEvent>
{
    string Manifest(TEvent @event);
    byte[] Serialize(TEvent @event);
    TEvent Deserialize(string manifest, byte[] payload);
}

/// <summary>
/// System.Text.Json events. Pass a source-generated <see cref="JsonTypeInfo{T}"/> for versionable,
/// reflection-free contracts (polymorphic event hierarchies use [JsonPolymorphic]/[JsonDerivedType]).
/// </summary>
public sealed class JsonEventSerializer<TEvent> : IEventSerializer<TEvent>
{
    private readonly JsonTypeInfo<TEvent> _typeInfo;

    public JsonEventSerializer(JsonTypeInfo<TEvent> typeInfo) => _typeInfo = typeInfo ?? throw new ArgumentNullException(nameof(typeInfo));

    /// <summary>Reflection-based contracts, for tests and prototypes.</summary>
    public JsonEventSerializer(JsonSerializerOptions? options = null)
    {
        options ??= new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.TypeInfoResolver ??= new DefaultJsonTypeInfoResolver();
        options.MakeReadOnly();
        _typeInfo = (JsonTypeInfo<TEvent>)options.GetTypeInfo(typeof(TEvent));
    }

    public string Manifest(TEvent @event) => "json:" + typeof(TEvent).Name;
    public byte[] Serialize(TEvent @event) => JsonSerializer.SerializeToUtf8Bytes(@event, _typeInfo);
    public TEvent Deserialize(string manifest, byte[] payload) =>
        JsonSerializer.Deserialize(payload, _typeInfo) ?? throw new InvalidDataException($"event payload with manifest '{manifest}' decoded to null");
}
