using Fountain.Chain.Identity;
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
/// pick its victims, and each (challenger, target, block, epoch) counts once.
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
        if (p.BlockId is null || !ticket.AllBlocks.Any(b => b.BlockId == p.BlockId)) return ChainRules.Reject("no-such-block", $"block {p.BlockId} is not a block of artwork {p.ArtworkId}");
        if (p.Offset < 0 || p.Length < 1 || p.Length > o.MaxChallengeRangeBytes)
            return ChainRules.Reject("bad-range", $"the byte range must start at 0 or later and span 1 to {o.MaxChallengeRangeBytes} bytes");
        if (ArtworkRules.EpochProblem(state, p.EpochHeight) is { } epochProblem) return ChainRules.Reject("bad-epoch", epochProblem);
        var challengers = Custody.Challengers(p.TargetId, state.HeadAt(p.EpochHeight)!, state.Masternodes.Values, o.ChallengersPerTarget);
        if (!challengers.Contains(challenger.Id)) return ChainRules.Reject("not-challenger", $"{challenger.Id} was not selected to audit {p.TargetId} at height {p.EpochHeight}");
        var key = $"{challenger.Id}/{p.TargetId}/{p.BlockId}/{p.EpochHeight}";
        if (state.ChallengeReports.ContainsKey(key)) return ChainRules.Reject("duplicate-report", "this challenge has already been reported");

        var answered = p.ResponseHash is not null || p.TargetSignature is not null;
        if (p.Passed && !answered) return ChainRules.Reject("no-response", "a passed challenge must carry the target's signed answer");
        if (answered)
        {
            if (!Hex.IsId(p.ResponseHash)) return ChainRules.Reject("bad-response", "the response hash must be 64 lower-case hex digits");
            if (!PublicKeys.TryDecodeBase64(target.PublicKey, out var targetKey) || !PublicKeys.TryDecodeBase64(p.TargetSignature, out var signature)
                || !PublicKeys.Verify(targetKey, p.ResponseContent(state.ChainId, challenger.Id), signature))
                return ChainRules.Reject("bad-target-signature", "the target's signature does not cover this answer");
        }

        var reputation = (state.Reputations.GetValueOrDefault(p.TargetId) ?? BetaReputation.Initial(o.Economics.Reputation)).Record(p.Passed, o.Economics.Reputation);
        var rewards = state.Rewards;
        var penaltyUntil = target.PenaltyUntilHeight;
        if (!p.Passed)
        {
            var recorded = rewards.RecordFailedChallenge(p.TargetId, state.PendingHeight);
            if (!recorded.IsOk) return Result<ChainState>.Reject(recorded.Rejection!);
            rewards = recorded.Value;
            penaltyUntil = rewards.Penalties.Penalties[p.TargetId].Until;
        }
        var updated = target with { PenaltyUntilHeight = penaltyUntil, ReputationScore = reputation.Score, Disqualified = reputation.Disqualified };
        return Result<ChainState>.Ok(state with
        {
            Rewards = rewards,
            Reputations = state.Reputations.SetItem(p.TargetId, reputation),
            Masternodes = state.Masternodes.SetItem(p.TargetId, updated),
            ChallengeReports = state.ChallengeReports.Add(key, p.EpochHeight),
        });
    }
}
