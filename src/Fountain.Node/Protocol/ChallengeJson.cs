using System.Text.Json.Serialization;
using Fountain.Actors.Challenges;

namespace Fountain.Node.Protocol;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ChallengeAnswer))]
internal sealed partial class ChallengeJson : JsonSerializerContext;
