using System.Text.Json.Serialization;

namespace Fountain.Node.Challenges;

/// <summary>
/// A target's answer to a storage challenge: the SHA3-256 (hex) of the asked byte range and the target's signature
/// over <c>ReportChallenge.ResponseContent</c> (chain id, challenger, target, artwork, block, range, epoch, hash).
/// The challenger puts both in its report, so the chain can check that the target itself gave this answer, to this
/// challenger, for this challenge; a passed report cannot be forged, and a wrong answer cannot be denied.
/// </summary>
public sealed record ChallengeAnswer(string ResponseHash, string TargetSignature);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ChallengeAnswer))]
internal sealed partial class ChallengeJson : JsonSerializerContext;
