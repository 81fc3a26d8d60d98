using System.Collections.Immutable;
using Fountain.Chain.Model;
using Fountain.Economics.Accounts;
using Fountain.Economics.Reputation;
using Fountain.Economics.Rewards;

namespace Fountain.Chain.State;

/// <summary>
/// Everything the development chain holds, immutable: <see cref="Rules.ChainRules"/> turns a state and a transaction
/// into a new state or a rejection, and seals heights. Transactions accepted since the head are part of the pending
/// height (<see cref="PendingHeight"/>) and are hashed into it when it is sealed.
/// </summary>
public sealed record ChainState
{
    public required ChainOptions Options { get; init; }
    public required string ChainId { get; init; }

    /// <summary>Every sealed height, genesis (0) first; the index is the height.</summary>
    public required ImmutableList<ChainHead> Heads { get; init; }

    /// <summary>Ids of the transactions accepted into the pending height, in order.</summary>
    public ImmutableList<string> PendingTransactionIds { get; init; } = [];

    public ImmutableSortedDictionary<string, Masternode> Masternodes { get; init; } = Empty<Masternode>();
    public ImmutableSortedDictionary<string, BetaReputation> Reputations { get; init; } = Empty<BetaReputation>();
    public ImmutableSortedDictionary<string, ArtworkTicket> Tickets { get; init; } = Empty<ArtworkTicket>();

    /// <summary>The nonce each signer's next transaction must carry (absent: 0).</summary>
    public ImmutableSortedDictionary<string, long> NextNonces { get; init; } = Empty<long>();

    /// <summary>Accounts, claimed bytes, the supply statistic in force (Economics' Ledger); its height is the pending height.</summary>
    public required LedgerState Ledger { get; init; }

    /// <summary>Penalties and per-height reward closing (Economics' RewardLedger).</summary>
    public required RewardLedger Rewards { get; init; }

    /// <summary>What the most recent sealed heights paid, oldest first (at most Options.RewardRecordsKept).</summary>
    public ImmutableList<HeightRewardsRecord> RewardRecords { get; init; } = [];

    /// <summary>The supply samples of the current oracle round, one per sealed height (null: no fresh report).</summary>
    public ImmutableList<long?> RoundSamples { get; init; } = [];

    /// <summary>Challenge reports already recorded (challenger, target, epoch) → epoch: one report per challenger, target and epoch.</summary>
    public ImmutableSortedDictionary<string, long> ChallengeReports { get; init; } = Empty<long>();

    /// <summary>
    /// Failure reports not yet enough on their own (issue 12, hole 2): target/epoch → the challengers that reported it
    /// failed. The target is penalised when <see cref="ChainOptions.ChallengeFailureQuorum"/> distinct ones did.
    /// </summary>
    public ImmutableSortedDictionary<string, ImmutableList<string>> ChallengeFailures { get; init; } = Empty<ImmutableList<string>>();

    /// <summary>Open claims on artwork ids (issue 12, hole 3): artwork id → the claimant and the last height the claim holds.</summary>
    public ImmutableSortedDictionary<string, ArtworkClaim> ArtworkClaims { get; init; } = Empty<ArtworkClaim>();

    public ChainHead Head => Heads[^1];
    public long PendingHeight => Head.Height + 1;

    public long NextNonceOf(string signerId) => NextNonces.GetValueOrDefault(signerId);

    public ChainHead? HeadAt(long height) => height >= 0 && height < Heads.Count ? Heads[(int)height] : null;

    private static ImmutableSortedDictionary<string, T> Empty<T>() => ImmutableSortedDictionary<string, T>.Empty.WithComparers(StringComparer.Ordinal);
}

/// <summary>An owner's claim on an artwork id: only <paramref name="OwnerId"/> may register it up to <paramref name="UntilHeight"/>.</summary>
public sealed record ArtworkClaim(string OwnerId, long UntilHeight);
