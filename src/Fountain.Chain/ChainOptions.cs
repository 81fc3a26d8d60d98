using System.Collections.Immutable;
using Fountain.Economics;

namespace Fountain.Chain;

/// <summary>How an artwork's storage is paid for (issue 5, item 7).</summary>
public enum StoragePaymentModel
{
    /// <summary>The owner pays Economics' PerpetualFee quote once, at registration (seed fountain-blocks.txt).</summary>
    PerpetualFee,

    /// <summary>Registration pins the archive's bytes against the owner's locked capacity (seed shift-pricing.txt, PIN).</summary>
    Lock,
}

/// <summary>
/// The development chain's rules and limits; defaults match the <c>fountain.chain</c> block of hocon/reference.conf.
/// Every limit carries its unit in its name. Amounts are base units (10^-8 token).
/// </summary>
public sealed record ChainOptions
{
    public static ChainOptions Default { get; } = new();

    /// <summary>Text the genesis hash (and so the chain id) is derived from; a different seed is a different chain.</summary>
    public string GenesisSeed { get; init; } = "fountain-dev";

    /// <summary>A height is sealed this often (DESIGN.md: "advancing a height every few seconds").</summary>
    public TimeSpan HeightInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A masternode is offline when a sealed height's time is more than this after the last sealed height that included
    /// its registration or a storage report from it (nodes report on every new height); offline nodes earn no rewards
    /// and get no new work until a report of theirs is sealed. Zero turns liveness off (nobody is ever offline). Keep it
    /// several heights long: a live node that misses one height's report must not flap offline.
    /// </summary>
    public TimeSpan OfflineAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Most heights sealed at once to catch up with the clock after a pause; beyond that the schedule restarts from now.</summary>
    public int MaxCatchUpHeights { get; init; } = 100;

    /// <summary>Accounts funded at genesis: identity id (64 hex digits) → base units.</summary>
    public ImmutableSortedDictionary<string, long> GenesisAllocations { get; init; } = ImmutableSortedDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Base units the reward pool (the fee sink) holds at genesis; rewards are paid from it, fees go back to it.</summary>
    public long RewardPoolGenesisBaseUnits { get; init; } = 100_000_000 * Tokens.UnitsPerToken;

    /// <summary>Development only: whether the Faucet transaction is accepted.</summary>
    public bool FaucetEnabled { get; init; } = true;

    /// <summary>Base units the faucet account holds at genesis.</summary>
    public long FaucetGenesisBaseUnits { get; init; } = 1_000_000_000 * Tokens.UnitsPerToken;

    /// <summary>Most base units one Faucet transaction may ask for.</summary>
    public long FaucetMaxBaseUnitsPerRequest { get; init; } = 1_000_000 * Tokens.UnitsPerToken;

    public StoragePaymentModel PaymentModel { get; init; } = StoragePaymentModel.PerpetualFee;

    /// <summary>Least collateral a masternode must lock to register (moved from its account to the collateral account).</summary>
    public long MinCollateralBaseUnits { get; init; } = 1_000 * Tokens.UnitsPerToken;

    public int MaxEndpointChars { get; init; } = 256;
    public int MaxBlocksPerTicket { get; init; } = 65_536;
    public int MaxBlocksPerAmendment { get; init; } = 4_096;
    public int MaxHoldersPerBlock { get; init; } = 64;
    public long MaxArchiveBytes { get; init; } = 1L << 40;
    public int MaxCodecFormatChars { get; init; } = 32;
    public int MaxReasonChars { get; init; } = 256;
    public int MaxPinIdChars { get; init; } = 128;

    /// <summary>Largest total storage one masternode may report (1 PiB): a report beyond any real disk is refused.</summary>
    public long MaxReportedStorageBytes { get; init; } = 1L << 50;

    /// <summary>Heights per supply-oracle round (Shift: 101 slots); the statistic is re-agreed when a round closes.</summary>
    public int SupplyRoundHeights { get; init; } = 101;

    /// <summary>A masternode's storage report counts towards a height's supply sample for this many heights.</summary>
    public long StorageReportMaxAgeHeights { get; init; } = 12;

    /// <summary>
    /// In a height's supply sample, one report counts for at most this many times the median report (the lower median);
    /// 0 counts every report in full. A liar then counts for at most this many median masternodes: with k liars among
    /// h honest nodes of equal size Y rises by at most this × k/h (Economics' ReportedSupply states the general bound),
    /// while an honest node above this multiple of the median is undercounted. The default is 2; it was 10, with which
    /// two faucet-funded liars among six honest nodes moved Y 4.3x (with 2: at most 1.67x).
    /// </summary>
    public int ReportClampMedianMultiple { get; init; } = 2;

    /// <summary>An amendment or challenge report must name an epoch at most this many heights before the pending one.</summary>
    public long MaxEpochAgeHeights { get; init; } = 20;

    /// <summary>Custodians per artwork and epoch: the primary plus its verifiers (DESIGN.md: primary + 2 verifiers).</summary>
    public int CustodyVerifiers { get; init; } = 2;

    /// <summary>Masternodes that may audit a given target in an epoch (Rendezvous "challenge").</summary>
    public int ChallengersPerTarget { get; init; } = 3;

    /// <summary>
    /// Failure reports from this many distinct selected challengers of a target in one epoch are needed before it is
    /// penalised (issue 12, hole 2): one challenger's word is never enough, since the chain cannot see the block to judge
    /// it. Capped by the challengers the epoch selected for the target. Nodes should run at least this many challenges
    /// per target (fountain.challenges.challenges-per-target).
    /// </summary>
    public int ChallengeFailureQuorum { get; init; } = 2;

    /// <summary>How long an owner's claim on an artwork id reserves its registration for the claimant (issue 12, hole 3).</summary>
    public long ArtworkClaimHeights { get; init; } = 720;

    /// <summary>Largest byte range a storage challenge may ask to hash.</summary>
    public long MaxChallengeRangeBytes { get; init; } = 1L << 20;

    /// <summary>Recent transactions (accepted and rejected) kept in memory for the HTTP listing; the log keeps all.</summary>
    public int RecentTransactionsKept { get; init; } = 1_000;

    /// <summary>
    /// A rejected transaction's body is kept in the log only up to this length; a longer one is logged by its id,
    /// signer and reason alone, so that refused junk cannot fill the disk (the replay never reads rejected bodies).
    /// </summary>
    public int MaxRejectedBodyLoggedChars { get; init; } = 16_384;

    /// <summary>Sealed heights whose reward records are kept in memory.</summary>
    public int RewardRecordsKept { get; init; } = 1_000;

    /// <summary>Economics rules: pricing, fees, supply oracle, perpetual fee, rewards, reputation.</summary>
    public EconomicsSettings Economics { get; init; } = EconomicsSettings.Default;

    /// <summary>The account that pays Faucet transactions.</summary>
    public const string FaucetAccount = "faucet";

    /// <summary>The account masternode collateral is held in while the node is registered.</summary>
    public const string CollateralAccount = "collateral";

    /// <summary>The reward pool: Economics' fee sink, and the payer of rewards.</summary>
    public string RewardPoolAccount => Economics.Ledger.FeeSinkAccount;

    /// <summary>Null when usable, otherwise the first problem, naming the setting.</summary>
    public string? Validate()
    {
        if (string.IsNullOrEmpty(GenesisSeed)) return "genesis-seed must not be empty";
        if (HeightInterval < TimeSpan.FromMilliseconds(10)) return $"height-interval must be at least 10 ms, got {HeightInterval}";
        if (MaxCatchUpHeights < 1) return "max-catch-up-heights must be at least 1";
        // Not tied to height-interval: chains sealed by hand (tests, tools) set a long interval and seal far more often.
        if (OfflineAfter < TimeSpan.Zero) return $"offline-after must not be negative (0 turns liveness off), got {OfflineAfter}";
        foreach (var (id, units) in GenesisAllocations)
        {
            if (!Hex.IsId(id)) return $"genesis allocation '{id}' is not a 64-digit lower-case hex identity id";
            if (units <= 0) return $"genesis allocation of {id} must be positive, got {units}";
        }
        if (RewardPoolGenesisBaseUnits < 0 || FaucetGenesisBaseUnits < 0) return "genesis pool and faucet amounts must not be negative";
        if (FaucetMaxBaseUnitsPerRequest < 1) return "faucet max per request must be positive";
        if (MinCollateralBaseUnits < 0) return "min-collateral must not be negative";
        if (MaxEndpointChars < 8 || MaxBlocksPerTicket < 1 || MaxBlocksPerAmendment < 1 || MaxHoldersPerBlock < 1 || MaxArchiveBytes < 1
            || MaxCodecFormatChars < 1 || MaxReasonChars < 1 || MaxPinIdChars < 1 || MaxReportedStorageBytes < 1)
            return "every limit must be positive";
        if (SupplyRoundHeights < 1) return "supply-round-heights must be at least 1";
        if (StorageReportMaxAgeHeights < 0 || MaxEpochAgeHeights < 0) return "ages in heights must not be negative";
        if (ReportClampMedianMultiple < 0) return "report-clamp-median-multiple must not be negative";
        if (CustodyVerifiers < 1 || ChallengersPerTarget < 1) return "custody verifiers and challengers per target must be at least 1";
        if (ArtworkClaimHeights < 1) return "artwork-claim-heights must be at least 1";
        if (ChallengeFailureQuorum < 1 || ChallengeFailureQuorum > ChallengersPerTarget) return "the challenge failure quorum must be 1 to challengers-per-target";
        if (MaxChallengeRangeBytes < 1) return "max-challenge-range must be positive";
        if (RecentTransactionsKept < 1 || RewardRecordsKept < 1) return "kept record counts must be positive";
        if (MaxRejectedBodyLoggedChars < 0) return "max-rejected-body-logged-chars must not be negative";
        if ((Economics.Ledger.Validate() ?? Economics.Rewards.Validate() ?? Economics.Reputation.Validate()) is { } bad) return bad.Message;
        if (RewardPoolAccount is FaucetAccount or CollateralAccount) return "the fee sink account must differ from the faucet and collateral accounts";
        if (Hex.IsId(RewardPoolAccount)) return "the fee sink account must not look like an identity id";
        return null;
    }
}
