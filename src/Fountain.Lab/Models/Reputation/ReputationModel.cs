using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Fountain.Economics.Reputation;
using Fountain.Lab.Engine;

namespace Fountain.Lab.Models.Reputation;

/// <summary>
/// Reputation with random audits: the incentive mechanism of the storage-econ-model seed's "Cooperative
/// Behavior Digest" (reputation and trust between peers, random auditing), scored with Fountain's own beta
/// reputation (<see cref="BetaReputation"/> in Fountain.Economics: Storj's α ← λα + w·(1+v)/2,
/// β ← λβ + w·(1−v)/2, score α/(α+β), disqualified for good below the threshold). Each round (timestep):
/// (1) every node still qualified is audited with a fixed probability and passes or fails (good nodes fail
/// rarely, by accident; bad nodes often), and its reputation records the outcome; (2) the round's figures are
/// measured. Questions: how fast are bad nodes caught, how many good ones are disqualified wrongly, how do audit
/// rate and forgetting trade off? Assumptions: audits are independent; a node's failure probability is constant
/// (no adaptive cheating).
/// </summary>
public static class ReputationModel
{
    public const string Name = "reputation";

    private const string Reputations = "reputations", DisqualifiedAt = "disqualified-at";

    /// <summary>
    /// Defaults: 1,000 nodes, 10% bad failing 10% of audits, good nodes failing 0.1%; each node audited in 20% of
    /// rounds; Storj's parameters λ = 0.999, w = 1, α0 = 1000, β0 = 0, disqualification below 0.96.
    /// </summary>
    public static IReadOnlyDictionary<string, object> Defaults { get; } = new Dictionary<string, object>
    {
        ["nodes"] = 1000L,
        ["bad-fraction"] = 0.1,
        ["good-failure-probability"] = 0.001,
        ["bad-failure-probability"] = 0.1,
        ["audit-probability-per-round"] = 0.2,
        ["forgetting"] = 0.999,
        ["weight"] = 1.0,
        ["initial-alpha"] = 1000.0,
        ["initial-beta"] = 0.0,
        ["disqualification-threshold"] = 0.96,
    };

    public static LabModel Create() => new(
        Name,
        [
            new(Reputations, Recorded: false), new(DisqualifiedAt, Recorded: false),
            new("audits"), new("bad-disqualified-fraction"), new("good-disqualified-fraction"),
            new("mean-rounds-to-disqualify-bad"), new("mean-score-good"), new("mean-score-bad"), new("min-score-good"),
        ],
        Initial,
        [
            new("audit",
                [Audit],
                [
                    new(Reputations, (ctx, s, sig) => Record(ctx, s.Get<ImmutableArray<BetaReputation>>(Reputations), sig.Get<sbyte[]>("outcome"))),
                    new("audits", (_, s, sig) => s.Get<long>("audits") + sig.Get<long>("audited")),
                ]),
            new("measure",
                [Measure],
                [
                    new(DisqualifiedAt, (_, _, sig) => sig[DisqualifiedAt]),
                    new("bad-disqualified-fraction", (_, _, sig) => sig["bad-disqualified-fraction"]),
                    new("good-disqualified-fraction", (_, _, sig) => sig["good-disqualified-fraction"]),
                    new("mean-rounds-to-disqualify-bad", (_, _, sig) => sig["mean-rounds-to-disqualify-bad"]),
                    new("mean-score-good", (_, _, sig) => sig["mean-score-good"]),
                    new("mean-score-bad", (_, _, sig) => sig["mean-score-bad"]),
                    new("min-score-good", (_, _, sig) => sig["min-score-good"]),
                ]),
        ]);

    private static IReadOnlyDictionary<string, object> Initial(StepContext ctx)
    {
        var p = ReputationParameters.From(ctx.Parameters);
        var initial = BetaReputation.Initial(p.Reputation);
        var dq = new int[p.Nodes];
        Array.Fill(dq, -1);
        double score = (double)initial.Score;
        return new Dictionary<string, object>
        {
            [Reputations] = ImmutableArray.CreateRange(Enumerable.Repeat(initial, p.Nodes)),
            [DisqualifiedAt] = ImmutableCollectionsMarshal.AsImmutableArray(dq),
            ["audits"] = 0L, ["bad-disqualified-fraction"] = 0.0, ["good-disqualified-fraction"] = 0.0,
            ["mean-rounds-to-disqualify-bad"] = 0.0, ["mean-score-good"] = score, ["mean-score-bad"] = score, ["min-score-good"] = score,
        };
    }

    /// <summary>Per node: 0 not audited (or already disqualified), +1 passed, −1 failed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Signals Audit(StepContext ctx, LabState s)
    {
        var p = ReputationParameters.From(ctx.Parameters);
        var reputations = s.Get<ImmutableArray<BetaReputation>>(Reputations);
        var outcome = new sbyte[p.Nodes];
        long audited = 0;
        for (int i = 0; i < p.Nodes; i++)
        {
            if (reputations[i].Disqualified || !ctx.Random.Bernoulli(p.AuditProbabilityPerRound)) continue;
            audited++;
            bool failed = ctx.Random.Bernoulli(p.IsBad(i) ? p.BadFailureProbability : p.GoodFailureProbability);
            outcome[i] = failed ? (sbyte)-1 : (sbyte)1;
        }
        return Signals.Of(("outcome", outcome), ("audited", audited));
    }

    /// <summary>Each audited node's reputation records its outcome (Economics decides disqualification); the others are shared unchanged.</summary>
    private static ImmutableArray<BetaReputation> Record(StepContext ctx, ImmutableArray<BetaReputation> reputations, sbyte[] outcome)
    {
        var options = ReputationParameters.From(ctx.Parameters).Reputation;
        var next = reputations.ToArray();
        for (int i = 0; i < next.Length; i++)
            if (outcome[i] != 0) next[i] = next[i].Record(outcome[i] > 0, options);
        return ImmutableCollectionsMarshal.AsImmutableArray(next);
    }

    private static Signals Measure(StepContext ctx, LabState s)
    {
        var p = ReputationParameters.From(ctx.Parameters);
        var reputations = s.Get<ImmutableArray<BetaReputation>>(Reputations);
        var dq = s.Get<ImmutableArray<int>>(DisqualifiedAt);
        int[]? next = null;
        int badDq = 0, goodDq = 0, goodActive = 0, badActive = 0;
        double badRounds = 0, goodScore = 0, badScore = 0, minGood = 1;
        for (int i = 0; i < p.Nodes; i++)
        {
            var reputation = reputations[i];
            int at = dq[i];
            if (reputation.Disqualified && at < 0) (next ??= dq.ToArray())[i] = at = ctx.Timestep;
            bool bad = p.IsBad(i);
            if (at >= 0)
            {
                if (bad) { badDq++; badRounds += at; } else goodDq++;
                continue;
            }
            double score = (double)reputation.Score;
            if (bad) { badActive++; badScore += score; }
            else { goodActive++; goodScore += score; minGood = Math.Min(minGood, score); }
        }
        int goodNodes = p.Nodes - p.BadNodes;
        return Signals.Of(
            (DisqualifiedAt, next is null ? dq : ImmutableCollectionsMarshal.AsImmutableArray(next)),
            ("bad-disqualified-fraction", p.BadNodes == 0 ? 0.0 : (double)badDq / p.BadNodes),
            ("good-disqualified-fraction", goodNodes == 0 ? 0.0 : (double)goodDq / goodNodes),
            ("mean-rounds-to-disqualify-bad", badDq == 0 ? 0.0 : badRounds / badDq),
            ("mean-score-good", goodActive == 0 ? 0.0 : goodScore / goodActive),
            ("mean-score-bad", badActive == 0 ? 0.0 : badScore / badActive),
            ("min-score-good", goodActive == 0 ? 0.0 : minGood));
    }
}
