using System.Text.Json.Serialization;
using Fountain.Chain.Model;

namespace Fountain.Node.Protocol;

/// <summary>
/// What a custodian primary asks a custody verifier to sign (POST /healing/verify): the amendment it will submit.
/// The verifier checks the custody of the epoch and a sample of the new blocks on their holders, then signs
/// <c>AmendArtwork.SignedContent</c>. <paramref name="BasedOnAmendments"/> is the ticket's amendment count when the
/// primary measured; the verifier refuses a request whose count the ticket has already passed.
/// </summary>
public sealed record VerifyAmendmentRequest(string ArtworkId, long EpochHeight, int BasedOnAmendments, string PrimaryId, string Reason, IReadOnlyList<TicketBlock> AddedBlocks);

/// <summary>The verifier's public key (SubjectPublicKeyInfo, base64) and its signature over the amendment's content.</summary>
public sealed record VerifyAmendmentResponse(string VerifierPublicKey, string Signature, int BlocksChecked);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(VerifyAmendmentRequest))]
[JsonSerializable(typeof(VerifyAmendmentResponse))]
internal sealed partial class HealingJson : JsonSerializerContext;
