namespace Fountain.Chain.Model;

/// <summary>What identifies a chain: its id (transactions name it), its genesis hash and how often it seals a height.</summary>
public sealed record ChainInfo(string ChainId, string GenesisHash, long HeightIntervalMilliseconds);

/// <summary>An account as the chain holds it (the Shift model: available, locked, locked bytes, pins), amounts in base units.</summary>
public sealed record AccountView(
    string Id,
    long AvailableBaseUnits,
    long LockedBaseUnits,
    long LockedBytes,
    long PinnedBytes,
    IReadOnlyDictionary<string, long> Pins,
    long NextNonce);

/// <summary>The nonce a signer's next transaction must carry.</summary>
public sealed record NextNonce(string SignerId, long Nonce);

/// <summary>
/// The network's current figures and the rules that price with them, enough for a client to quote a LOCK or a
/// registration exactly as the chain would (Economics' ShiftPricing and PerpetualFee).
/// </summary>
public sealed record NetworkFigures(
    long Height,
    string PricingModel,
    string StoragePaymentModel,
    decimal C,
    decimal Shift2018C,
    int Replication,
    long ConversionBaseUnits,
    long ConversionBytes,
    decimal ShippedReserveFraction,
    long ClaimedBytes,
    long SupplyFigureBytes,
    long SupplyAgreedAtHeight,
    long MaxSupplyAgeHeights,
    long ReportedTotalBytes,
    long ReportedUsedBytes,
    long ReportedFreeBytes,
    int Masternodes,
    long RewardPoolBaseUnits,
    long TotalBaseUnits,
    decimal PerpetualYearlyCostTokensPerGigabyte,
    decimal PerpetualYearlyCostDecline,
    int PerpetualReplicas);

/// <summary>One line of the chain's append-only transaction log: accepted or rejected, and why.</summary>
public sealed record TransactionLogEntry(
    long Sequence,
    string TransactionId,
    string? SignerId,
    string? Kind,
    bool Accepted,
    string? Rejection,
    long Height,
    DateTimeOffset Time);

/// <summary>What a sealed height paid (Economics' RewardLedger): payouts, nodes whose rewards were withheld and until when.</summary>
public sealed record HeightRewardsRecord(
    long Height,
    long RewardBaseUnits,
    bool Paid,
    IReadOnlyDictionary<string, long> PayoutsBaseUnits,
    IReadOnlyDictionary<string, long> WithheldUntilHeight,
    long UndistributedBaseUnits)
{
    /// <summary>Registered masternodes that were offline at this height and so earned nothing from it (sorted ids).</summary>
    public IReadOnlyList<string> OfflineIds { get; init; } = [];
}

/// <summary>
/// An accepted storage challenge report, as GET /chain/challenges lists it (newest last): who audited whom, on which block
/// and byte range, at which epoch, the outcome, and the target's answer when it gave one. Height is when the chain took it.
/// </summary>
public sealed record ChallengeReportView(
    long Height,
    DateTimeOffset Time,
    string ChallengerId,
    string TargetId,
    string ArtworkId,
    string BlockId,
    long Offset,
    long Length,
    long EpochHeight,
    bool Passed,
    string? ResponseHash);

/// <summary>
/// A page of the ticket listing (<see cref="IChain.ListTicketsAsync"/>): tickets in ordinal artwork-id order, and the
/// cursor to pass for the next page (the last ticket's artwork id), or null when no ticket follows.
/// </summary>
public sealed record TicketPage(IReadOnlyList<ArtworkTicket> Tickets, string? NextAfter);

/// <summary>The body of an HTTP error answer.</summary>
public sealed record ChainError(string Error);
