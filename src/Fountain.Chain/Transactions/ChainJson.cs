using System.Text.Json.Serialization;
using Fountain.Chain.Model;

namespace Fountain.Chain.Transactions;

/// <summary>Source-generated JSON contracts of the chain (DESIGN.md: System.Text.Json, no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(Transaction))]
[JsonSerializable(typeof(SignedTransaction))]
[JsonSerializable(typeof(TransactionResult))]
[JsonSerializable(typeof(ChainHead))]
[JsonSerializable(typeof(Masternode))]
[JsonSerializable(typeof(IReadOnlyList<Masternode>))]
[JsonSerializable(typeof(ArtworkTicket))]
[JsonSerializable(typeof(TicketPage))]
[JsonSerializable(typeof(ChainInfo))]
[JsonSerializable(typeof(AccountView))]
[JsonSerializable(typeof(NextNonce))]
[JsonSerializable(typeof(NetworkFigures))]
[JsonSerializable(typeof(IReadOnlyList<TransactionLogEntry>))]
[JsonSerializable(typeof(HeightRewardsRecord))]
[JsonSerializable(typeof(ChainError))]
[JsonSerializable(typeof(IReadOnlyList<ChallengeReportView>))]
public sealed partial class ChainJson : JsonSerializerContext;
