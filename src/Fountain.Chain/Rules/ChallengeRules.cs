using System.Collections.Immutable;
using System.Globalization;
using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Chain.State;
using Fountain.Chain.Transactions;
using Fountain.Economics;
using Fountain.Economics.Reputation;

namespace Fountain.Chain.Rules;

/// <summary>
/// Storage challenge reports and their consequences. The seed (fountain-blocks.txt, storage challenges): a node that
/// fails a challenge has its rewards withheld "for a set period of time (say, 100 blocks)" — Economics'
/// RewardLedger.RecordFailedChallenge, repeated failures extending it; and every audit updates the target's beta
/// reputation (Storj's parameters, Economics' BetaReputation), which disqualifies it for good below the threshold.
/// Who may challenge whom is the epoch's rendezvous selection (<see cref="Custody.Challengers"/>), so a node cannot
/// pick its victims.
/// <para>
/// Issue 12, hole 2: the chain never sees the block, so it cannot judge a failure report itself, and one challenger's
/// word must not cost an honest node its rewards and reputation. So a report must be the plan's: a block the target
/// was placed on by the epoch, and the byte range the epoch draws for it (<see cref="ChallengeDraw"/>); each challenger
/// reports a target once per epoch; and a failure counts only when <see cref="ChainOptions.ChallengeFailureQuorum"/>
/// distinct selected challengers reported the target failed in that epoch: then the target is penalised once, and its
/// reputation records one failure. A lone false accuser thus changes nothing; colluding selected challengers (Sybil
/// identities among the few the epoch selects) still could, which the threat model lists as open.
/// </para>
/// </summary>
internal static class ChallengeRules
{
    public static Result<ChainState> Report(ChainState state, ChainRules.Signer challenger, ReportChallenge p)
    {
        var o = state.Options;
        if (!state.Masternodes.ContainsKey(challenger.Id)) return ChainRules.Reject("not-masternode", $"{challenger.Id} is not a registered masternode");
        if (p.TargetId is null || !state.Masternodes.TryGetValue(p.TargetId, out var target)) return ChainRules.Reject("no-such-target", $"{p.TargetId} is not a registered masternode");
        if (p.TargetId == challenger.Id) return ChainRules.Reject("self-challenge", "a masternode cannot audit itself");
        if (p.ArtworkId is null || !state.Tickets.TryGetValue(p.ArtworkId, out var ticket)) return ChainRules.Reject("no-such-artwork", $"artwork {p.ArtworkId} is not registered");
        if (p.BlockId is null || PlacedAt(ticket, p.BlockId) is not { } placedAt) return ChainRules.Reject("no-such-block", $"block {p.BlockId} is not a block of artwork {p.ArtworkId}");
        if (p.Offset < 0 || p.Length < 1 || p.Length > o.MaxChallengeRangeBytes)
            return ChainRules.Reject("bad-range", $"the byte range must start at 0 or later and span 1 to {o.MaxChallengeRangeBytes} bytes");
        if (ArtworkRules.EpochProblem(state, p.EpochHeight) is { } epochProblem) return ChainRules.Reject("bad-epoch", epochProblem);
        var epoch = state.HeadAt(p.EpochHeight)!;
        var challengers = Custody.Challengers(p.TargetId, epoch, state.Masternodes.Values, o.ChallengersPerTarget);
        if (!challengers.Contains(challenger.Id)) return ChainRules.Reject("not-challenger", $"{challenger.Id} was not selected to audit {p.TargetId} at height {p.EpochHeight}");
        if (PlanProblem(state, p, ticket, placedAt) is { } planProblem) return ChainRules.Reject("not-planned", planProblem);
        var key = string.Create(CultureInfo.InvariantCulture, $"{challenger.Id}/{p.TargetId}/{p.EpochHeight}");
        if (state.ChallengeReports.ContainsKey(key)) return ChainRules.Reject("duplicate-report", $"{challenger.Id} already reported on {p.TargetId} for epoch {p.EpochHeight}");

        var answered = p.ResponseHash is not null || p.TargetSignature is not null;
        if (p.Passed && !answered) return ChainRules.Reject("no-response", "a passed challenge must carry the target's signed answer");
        if (answered)
        {
            if (!Hex.IsId(p.ResponseHash)) return ChainRules.Reject("bad-response", "the response hash must be 64 lower-case hex digits");
            if (!PublicKeys.TryDecodeBase64(target.PublicKey, out var targetKey) || !PublicKeys.TryDecodeBase64(p.TargetSignature, out var signature)
                || !PublicKeys.Verify(targetKey, p.ResponseContent(state.ChainId, challenger.Id), signature))
                return ChainRules.Reject("bad-target-signature", "the target's signature does not cover this answer");
        }
        var recorded = state with { ChallengeReports = state.ChallengeReports.Add(key, p.EpochHeight) };
        if (p.Passed) return Result<ChainState>.Ok(Audited(recorded, target, passed: true));

        var failureKey = FailureKey(p.TargetId, p.EpochHeight);
        var accusers = state.ChallengeFailures.GetValueOrDefault(failureKey, []).Add(challenger.Id);
        recorded = recorded with { ChallengeFailures = recorded.ChallengeFailures.SetItem(failureKey, accusers) };
        // Not enough on its own: the failure waits for the quorum (capped by the challengers the epoch selected, so that a
        // small network can still penalise); the report that completes it penalises, later ones add nothing.
        if (accusers.Count != Math.Min(o.ChallengeFailureQuorum, challengers.Count)) return Result<ChainState>.Ok(recorded);
        var rewards = recorded.Rewards.RecordFailedChallenge(p.TargetId, state.PendingHeight);
        if (!rewards.IsOk) return Result<ChainState>.Reject(rewards.Rejection!);
        var penalised = target with { PenaltyUntilHeight = rewards.Value.Penalties.Penalties[p.TargetId].Until };
        return Result<ChainState>.Ok(Audited(recorded with { Rewards = rewards.Value }, penalised, passed: false));
    }

    /// <summary>The report's target/epoch key in <see cref="ChainState.ChallengeFailures"/>, and the epoch back from it.</summary>
    internal static string FailureKey(string targetId, long epochHeight) => string.Create(CultureInfo.InvariantCulture, $"{targetId}/{epochHeight}");

    internal static long EpochOfFailureKey(string key) => long.Parse(key.AsSpan(key.LastIndexOf('/') + 1), CultureInfo.InvariantCulture);

    /// <summary>Records the audit in the target's beta reputation (disqualifying it below the threshold).</summary>
    private static ChainState Audited(ChainState state, Masternode target, bool passed)
    {
        var o = state.Options;
        var reputation = (state.Reputations.GetValueOrDefault(target.Id) ?? BetaReputation.Initial(o.Economics.Reputation)).Record(passed, o.Economics.Reputation);
        var updated = target with { ReputationScore = reputation.Score, Disqualified = reputation.Disqualified };
        return state with
        {
            Reputations = state.Reputations.SetItem(target.Id, reputation),
            Masternodes = state.Masternodes.SetItem(target.Id, updated),
        };
    }

    /// <summary>The height the block was placed at: the registration's for the owner's blocks, its amendment's for added ones; null if not listed.</summary>
    private static long? PlacedAt(ArtworkTicket ticket, string blockId)
    {
        if (ticket.Blocks.Any(b => b.BlockId == blockId)) return ticket.RegisteredAtHeight;
        foreach (var amendment in ticket.Amendments)
            if (amendment.AddedBlocks.Any(b => b.BlockId == blockId)) return amendment.AtHeight;
        return null;
    }

    /// <summary>
    /// Whether the challenge is one the epoch's plan can give (Fountain.Node's ChallengePlan): the block was placed by the
    /// epoch and on the target (placement over the nodes registered then and not disqualified; the plan narrows that
    /// further, never widens it), and the range starts where the epoch's draw puts it and stays inside the block. The
    /// range's length is the node's setting, at most the chain's maximum, so only its bounds are checked.
    /// </summary>
    private static string? PlanProblem(ChainState state, ReportChallenge p, ArtworkTicket ticket, long placedAt)
    {
        if (placedAt > p.EpochHeight) return $"block {p.BlockId} was placed at height {placedAt}, after epoch {p.EpochHeight}";
        var candidates = state.Masternodes.Values.Where(m => m.RegisteredAtHeight <= placedAt && !m.Disqualified).Select(m => m.Id);
        var holders = Rendezvous.Select(Rendezvous.Place, Convert.FromHexString(p.BlockId), [], candidates, ticket.HoldersPerBlock);
        if (!holders.Contains(p.TargetId)) return $"{p.TargetId} was not placed on block {p.BlockId}, so no plan audits it there";
        long blockBytes = ChallengeDraw.BlockBytes(ticket.Codec);
        long offset = ChallengeDraw.Offset(ChallengeDraw.Of(state.HeadAt(p.EpochHeight)!.Hash, p.TargetId, p.BlockId), blockBytes);
        if (p.Offset != offset || p.Length > blockBytes - offset)
            return $"epoch {p.EpochHeight} draws the range from byte {offset} of block {p.BlockId}, within its {blockBytes} bytes; the report names {p.Offset}+{p.Length}";
        return null;
    }
}
