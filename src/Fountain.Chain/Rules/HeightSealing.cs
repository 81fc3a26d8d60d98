using System.Collections.Immutable;
using Fountain.Chain.Model;
using Fountain.Chain.State;
using Fountain.Economics;
using Fountain.Economics.Pricing;
using Fountain.Economics.Supply;
using EconomicsLedger = Fountain.Economics.Accounts.Ledger;
using EconomicsTransaction = Fountain.Economics.Accounts.Transaction;

namespace Fountain.Chain.Rules;

/// <summary>
/// Closing the pending height: its hash (<see cref="ChainHashes.Height"/>), its rewards, its supply sample.
/// <list type="bullet">
/// <item>Rewards (Economics' RewardLedger; issue 5, item 6): the height's reward is shared among the member (registered
/// and proven by a later report: <see cref="Masternode.IsMemberAt"/>), not disqualified, not offline masternodes that are not under penalty, paid from the reward pool (which the fees refill), and
/// recorded with the nodes whose rewards were withheld. A pool too small to pay the whole height pays nothing and the
/// record says so: tokens are never created.</item>
/// <item>Liveness (<see cref="Liveness"/>): the height marks the masternodes it includes a registration or a storage
/// report from as seen at its time, and flags those unseen for longer than <see cref="ChainOptions.OfflineAfter"/> as
/// offline; an offline node is not among the height's reward members, and the record lists it.</item>
/// <item>Supply (Economics' SupplyOracle; seed shift-pricing.txt, "Calculating Y"): each height's sample is the sum of
/// the masternodes' fresh reports, each capped at a multiple of the median report (Economics' ReportedSupply) — total
/// bytes under shift-shipped (which derives Y = 0.9·total − X), free bytes under shift-2018 — and when a round of <see cref="ChainOptions.SupplyRoundHeights"/> closes, the oracle's estimate
/// becomes the statistic LOCK prices with.</item>
/// </list>
/// </summary>
public static class HeightSealing
{
    public static ChainState Seal(ChainState state, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(state);
        var o = state.Options;
        var height = state.PendingHeight;
        var head = new ChainHead(height, ChainHashes.Height(state.Head.Hash, height, state.PendingTransactionIds), time);

        var masternodes = Liveness.AtSeal(state.Masternodes, height, time, o.OfflineAfter);
        var members = masternodes.Values.Where(m => m.IsMemberAt(height) && !m.Disqualified && !m.Offline).Select(m => m.Id).ToArray();
        var offline = masternodes.Values.Where(m => m.RegisteredAtHeight <= height && !m.Disqualified && m.Offline).Select(m => m.Id).ToArray();
        var closed = state.Rewards.CloseHeight(height, members);
        if (!closed.IsOk) throw new InvalidOperationException($"closing height {height}: {closed.Rejection}");
        var (rewards, paid) = closed.Value;
        var (ledger, funded) = Pay(state, paid.Payouts);
        var record = new HeightRewardsRecord(height, paid.Reward.Units, funded,
            paid.Payouts.ToImmutableSortedDictionary(p => p.Key, p => p.Value.Units, StringComparer.Ordinal),
            paid.WithheldUntil, paid.Undistributed.Units) { OfflineIds = offline };
        var records = state.RewardRecords.Add(record);
        if (records.Count > o.RewardRecordsKept) records = records.RemoveRange(0, records.Count - o.RewardRecordsKept);

        var samples = state.RoundSamples.Add(Sample(state, height));
        ledger = ledger.AtHeight(height + 1).Value;
        if (height % o.SupplyRoundHeights == 0)
        {
            var statistic = SupplyOracle.CloseRound(o.Economics.Ledger.Supply, ledger.Supply, height / o.SupplyRoundHeights, height, samples);
            if (statistic != ledger.Supply) ledger = ledger.WithSupply(statistic).Value;
            samples = [];
        }

        var oldestEpoch = height + 1 - o.MaxEpochAgeHeights;
        var reports = state.ChallengeReports;
        var expired = reports.Where(r => r.Value < oldestEpoch).Select(r => r.Key).ToList();
        if (expired.Count > 0) reports = reports.RemoveRange(expired);
        var failures = state.ChallengeFailures;
        var settled = failures.Keys.Where(k => ChallengeRules.EpochOfFailureKey(k) < oldestEpoch).ToList();
        if (settled.Count > 0) failures = failures.RemoveRange(settled);
        var claims = state.ArtworkClaims;
        var lapsed = claims.Where(c => c.Value.UntilHeight <= height).Select(c => c.Key).ToList();
        if (lapsed.Count > 0) claims = claims.RemoveRange(lapsed);

        return state with
        {
            Heads = state.Heads.Add(head),
            Masternodes = masternodes,
            PendingTransactionIds = [],
            Rewards = rewards,
            Ledger = ledger,
            RewardRecords = records,
            RoundSamples = samples,
            ChallengeReports = reports,
            ChallengeFailures = failures,
            ArtworkClaims = claims,
        };
    }

    /// <summary>Transfers each payout from the pool, all or nothing.</summary>
    private static (Economics.Accounts.LedgerState Ledger, bool Funded) Pay(ChainState state, ImmutableSortedDictionary<string, Tokens> payouts)
    {
        var pool = state.Options.RewardPoolAccount;
        var ledger = state.Ledger;
        var total = payouts.Values.Aggregate(Tokens.Zero, (sum, t) => sum + t);
        // Each transfer's fee goes back into the pool (it is the fee sink), so the pool needs the total plus one fee.
        if (total.Units == 0) return (ledger, true);
        if (ledger.Account(pool).Available < total + state.Options.Economics.Ledger.Fees.Transfer) return (ledger, false);
        foreach (var (node, share) in payouts)
        {
            if (share.Units == 0) continue;
            var next = EconomicsLedger.Apply(ledger, new EconomicsTransaction.Transfer(pool, node, share));
            if (!next.IsOk) throw new InvalidOperationException($"paying {node} at height {state.PendingHeight}: {next.Rejection}");
            ledger = next.Value;
        }
        return (ledger, true);
    }

    /// <summary>
    /// The height's supply sample from the fresh reports of masternodes not disqualified, or null if none reported
    /// recently: Economics' <see cref="ReportedSupply.Sample"/>, which counts each report for at most
    /// <see cref="ChainOptions.ReportClampMedianMultiple"/> times the median report, so that a minority of masternodes
    /// moves Y by a bounded fraction whatever they report, at every height (seed shift-pricing.txt: the model must be
    /// "robust in the face of potential price manipulation"; the bound is in ReportedSupply's documentation).
    /// </summary>
    private static long? Sample(ChainState state, long height)
    {
        var freeBytes = state.Options.Economics.Ledger.Pricing.Model == PricingModel.Shift2018;
        var figures = new List<long>();
        foreach (var node in state.Masternodes.Values)
        {
            if (node.Storage is not { } report || height - report.AtHeight > state.Options.StorageReportMaxAgeHeights || node.Disqualified) continue;
            figures.Add(freeBytes ? report.FreeBytes : report.TotalBytes);
        }
        return ReportedSupply.Sample(figures, state.Options.ReportClampMedianMultiple);
    }

    /// <summary>a + b for non-negative figures, held at long.MaxValue rather than overflowing: no report can stop a seal.</summary>
    internal static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
