using System.Text.Json.Serialization;
using Fountain.Actors.Challenges;

namespace Fountain.Node.Challenges;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ChallengeAnswer))]
internal sealed partial class ChallengeJson : JsonSerializerContext;
