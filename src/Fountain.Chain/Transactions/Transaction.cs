using System.Text.Json.Serialization;
using Fountain.Chain.Model;

namespace Fountain.Chain.Transactions;

/// <summary>
/// What a transaction asks the chain to do. Each kind is signed by the identity it acts for: a masternode for
/// its registration and reports, the owner for an artwork's registration and for account operations.
/// The chain validates every field; a rejected transaction changes nothing and says why.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RegisterMasternode), "register-masternode")]
[JsonDerivedType(typeof(ReportStorage), "report-storage")]
[JsonDerivedType(typeof(RegisterArtwork), "register-artwork")]
[JsonDerivedType(typeof(ClaimArtwork), "claim-artwork")]
[JsonDerivedType(typeof(Lock), "lock")]
[JsonDerivedType(typeof(Unlock), "unlock")]
[JsonDerivedType(typeof(Pin), "pin")]
[JsonDerivedType(typeof(Unpin), "unpin")]
[JsonDerivedType(typeof(Transfer), "transfer")]
[JsonDerivedType(typeof(Faucet), "faucet")]
[JsonDerivedType(typeof(AmendArtwork), "amend-artwork")]
[JsonDerivedType(typeof(ReportChallenge), "report-challenge")]
public abstract record TransactionPayload;

/// <summary>A masternode joins: its endpoint (https://host:port) and the collateral it locks, in base units (10^-8 token).</summary>
public sealed record RegisterMasternode(string Endpoint, long CollateralBaseUnits) : TransactionPayload;

/// <summary>A masternode's storage figures, reported each height (they feed the supply oracle).</summary>
public sealed record ReportStorage(long TotalBytes, long UsedBytes, long FreeBytes) : TransactionPayload;

/// <summary>
/// The owner registers an artwork once enough holders acknowledged its blocks. Signed by the owner, whose
/// account pays the fee (at most <paramref name="MaxFeeBaseUnits"/>, so a quote cannot change under them).
/// </summary>
public sealed record RegisterArtwork(string ArtworkId, CodecParameters Codec, IReadOnlyList<TicketBlock> Blocks, int HoldersPerBlock, long MaxFeeBaseUnits) : TransactionPayload;

/// <summary>
/// The owner claims an artwork id before any block or archive leaves its hands (issue 12, hole 3): for
/// <c>chain.artwork-claim-heights</c> only the claimant may register it, so a holder that reads the id in a block
/// header cannot register it first. Signed by the owner; the claim ends with the registration or when it expires.
/// </summary>
public sealed record ClaimArtwork(string ArtworkId) : TransactionPayload;

/// <summary>
/// The signed content: which chain (so a transaction cannot be replayed on another), the signer's next nonce
/// (so it cannot be replayed on this one), and the payload.
/// </summary>
public sealed record Transaction(string ChainId, long Nonce, TransactionPayload Payload);

/// <summary>The chain's answer to a submitted transaction.</summary>
public sealed record TransactionResult(string TransactionId, bool Accepted, string? Rejection, long? Height);
