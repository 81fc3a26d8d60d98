using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Fountain.Lab.Engine;

namespace Fountain.Lab.Models.Challenges;

/// <summary>
/// Storage challenges and penalties (fountain-blocks.txt, "storage challenge": a random byte range of a block the
/// node must hold, answered within a short deadline; DESIGN.md: a failed challenge withholds rewards for a
/// penalty period). Each epoch (timestep): (1) every node is online or not, and is challenged with a fixed
/// probability; an honest node fails only by a transient fault, a lazy node fails when the challenged block is
/// one it dropped, an outsourcing node fails when fetching the block from elsewhere takes longer than the
/// deadline allows, and any offline node fails; a failure starts a penalty; (2) the epoch's reward pool is shared
/// equally by the online nodes not under penalty, and each node pays its costs (storage for what it keeps, a
/// fetch for every challenge it outsources). Question it answers: is cheating ever profitable, and how long does
/// a cheater go uncaught? Assumptions: challenges are independent across nodes and epochs; the challenged block
/// is uniform among the node's blocks; fetch latency is log-normal.
/// </summary>
public static class ChallengeModel
{
    public const string Name = "challenges";

    private const string Online = "online", PenalizedUntil = "penalized-until", FirstCaught = "first-caught", Profit = "profit";

    /// <summary>
    /// Defaults: 1,000 nodes of which 10% lazy (keeping half their blocks), 5% outsourcing (median fetch 1.5 s),
    /// 5% flaky (online 90% of epochs); honest nodes answer in 0.3 s and fail 1 in 1,000 challenges by accident;
    /// each node is challenged in 10% of epochs with a 2 s deadline; a failure costs 100 epochs of rewards
    /// (DESIGN.md's default penalty); 1,000 tokens of rewards an epoch; storage costs 0.5 token a node-epoch.
    /// </summary>
    public static IReadOnlyDictionary<string, object> Defaults { get; } = new Dictionary<string, object>
    {
        ["nodes"] = 1000L,
        ["lazy-fraction"] = 0.1,
        ["lazy-stored-fraction"] = 0.5,
        ["outsourcing-fraction"] = 0.05,
        ["outsource-fetch-seconds-median"] = 1.5,
        ["outsource-fetch-sigma"] = 0.5,
        ["flaky-fraction"] = 0.05,
        ["flaky-uptime"] = 0.9,
        ["honest-failure-probability"] = 0.001,
        ["honest-response-seconds"] = 0.3,
        ["challenge-probability-per-epoch"] = 0.1,
        ["challenge-deadline-seconds"] = 2.0,
        ["penalty-epochs"] = 100L,
        ["reward-pool-per-epoch"] = 1000.0,
        ["storage-cost-per-epoch"] = 0.5,
        ["fetch-cost-per-challenge"] = 0.05,
    };

    public static LabModel Create() => new(
        Name,
        [
            new(Online, Recorded: false), new(PenalizedUntil, Recorded: false), new(FirstCaught, Recorded: false), new(Profit, Recorded: false),
            new("challenges"), new("failures"), new("false-positives"), new("honest-penalized"),
            new("lazy-caught-fraction"), new("mean-epochs-to-catch-lazy"), new("outsourcing-caught-fraction"),
            new("profit-honest"), new("profit-lazy"), new("profit-outsourcing"), new("profit-flaky"),
        ],
        Initial,
        [
            new("challenge",
                [Challenge],
                [
                    new(Online, (_, _, sig) => sig[Online]),
                    new(PenalizedUntil, (ctx, s, sig) => StartPenalties(ctx, s, sig)),
                    new(FirstCaught, (ctx, s, sig) => RecordFirstCatch(ctx, s, sig)),
                    new("challenges", (_, s, sig) => s.Get<long>("challenges") + sig.Get<long>("challenged")),
                    new("failures", (_, s, sig) => s.Get<long>("failures") + sig.Get<long>("failed-count")),
                    new("false-positives", (_, s, sig) => s.Get<long>("false-positives") + sig.Get<long>("false-positives")),
                ]),
            new("rewards",
                [Payouts],
                [
                    new(Profit, (_, _, sig) => sig[Profit]),
                    new("honest-penalized", (_, _, sig) => sig["honest-penalized"]),
                    new("lazy-caught-fraction", (_, _, sig) => sig["lazy-caught-fraction"]),
                    new("mean-epochs-to-catch-lazy", (_, _, sig) => sig["mean-epochs-to-catch-lazy"]),
                    new("outsourcing-caught-fraction", (_, _, sig) => sig["outsourcing-caught-fraction"]),
                    new("profit-honest", (_, _, sig) => sig["profit-honest"]),
                    new("profit-lazy", (_, _, sig) => sig["profit-lazy"]),
                    new("profit-outsourcing", (_, _, sig) => sig["profit-outsourcing"]),
                    new("profit-flaky", (_, _, sig) => sig["profit-flaky"]),
                ]),
        ]);

    private static IReadOnlyDictionary<string, object> Initial(StepContext ctx)
    {
        var p = ChallengeParameters.From(ctx.Parameters);
        var online = new bool[p.Nodes];
        Array.Fill(online, true);
        var caught = new int[p.Nodes];
        Array.Fill(caught, -1);
        return new Dictionary<string, object>
        {
            [Online] = ImmutableCollectionsMarshal.AsImmutableArray(online),
            [PenalizedUntil] = ImmutableCollectionsMarshal.AsImmutableArray(new int[p.Nodes]),
            [FirstCaught] = ImmutableCollectionsMarshal.AsImmutableArray(caught),
            [Profit] = ImmutableCollectionsMarshal.AsImmutableArray(new double[p.Nodes]),
            ["challenges"] = 0L, ["failures"] = 0L, ["false-positives"] = 0L, ["honest-penalized"] = 0L,
            ["lazy-caught-fraction"] = 0.0, ["mean-epochs-to-catch-lazy"] = 0.0, ["outsourcing-caught-fraction"] = 0.0,
            ["profit-honest"] = 0.0, ["profit-lazy"] = 0.0, ["profit-outsourcing"] = 0.0, ["profit-flaky"] = 0.0,
        };
    }

    /// <summary>Who is online, who is challenged, who fails. Draws per node in index order: uptime (flaky only), challenge, then the outcome's draws.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot per-node loops: skip tier-0 code
    private static Signals Challenge(StepContext ctx, LabState s)
    {
        var p = ChallengeParameters.From(ctx.Parameters);
        var random = ctx.Random.Borrow(); // returned below, before anything else draws
        var online = new bool[p.Nodes];
        var failed = new bool[p.Nodes];
        long challenged = 0, failures = 0, falsePositives = 0;
        double fetchBudget = p.ChallengeDeadlineSeconds - p.HonestResponseSeconds;
        double c = p.ChallengeProbabilityPerEpoch, fault = p.HonestFailureProbability;
        // One loop per kind of node (they lie in contiguous ranges); draws still happen in node order.
        foreach (var behaviour in Enum.GetValues<NodeBehaviour>())
        {
            var (start, end) = p.RangeOf[(int)behaviour];
            for (int i = start; i < end; i++)
            {
                bool up = behaviour != NodeBehaviour.Flaky || random.NextDouble() < p.FlakyUptime;
                online[i] = up;
                if (!(random.NextDouble() < c)) continue;
                challenged++;
                bool pass = up && behaviour switch
                {
                    NodeBehaviour.Lazy => random.NextDouble() < p.LazyStoredFraction && !(random.NextDouble() < fault),
                    NodeBehaviour.Outsourcing => p.OutsourceFetchSecondsMedian * Math.Exp(p.OutsourceFetchSigma * random.NextNormal()) <= fetchBudget,
                    _ => !(random.NextDouble() < fault),
                };
                if (pass) continue;
                failed[i] = true;
                failures++;
                // A false positive is a node that keeps its blocks and is online, yet fails (a transient fault).
                if (up && behaviour is NodeBehaviour.Honest or NodeBehaviour.Flaky) falsePositives++;
            }
        }
        ctx.Random.Return(random);
        return Signals.Of(
            (Online, ImmutableCollectionsMarshal.AsImmutableArray(online)), ("failed", failed),
            ("challenged", challenged), ("failed-count", failures), ("false-positives", falsePositives));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot per-node loops: skip tier-0 code
    private static ImmutableArray<int> StartPenalties(StepContext ctx, LabState s, Signals sig)
    {
        var failed = sig.Get<bool[]>("failed");
        var until = s.Get<ImmutableArray<int>>(PenalizedUntil).ToArray();
        // A failure at epoch t withholds the rewards of epochs t … t + penalty − 1 (none when the penalty is 0).
        int end = ctx.Timestep + ChallengeParameters.From(ctx.Parameters).PenaltyEpochs - 1;
        for (int i = 0; i < failed.Length; i++) if (failed[i]) until[i] = end;
        return ImmutableCollectionsMarshal.AsImmutableArray(until);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot per-node loops: skip tier-0 code
    private static ImmutableArray<int> RecordFirstCatch(StepContext ctx, LabState s, Signals sig)
    {
        var failed = sig.Get<bool[]>("failed");
        var caught = s.Get<ImmutableArray<int>>(FirstCaught);
        int[]? next = null;
        for (int i = 0; i < failed.Length; i++)
            if (failed[i] && caught[i] < 0) (next ??= caught.ToArray())[i] = ctx.Timestep;
        return next is null ? caught : ImmutableCollectionsMarshal.AsImmutableArray(next);
    }

    /// <summary>
    /// The reward pool split equally among online nodes whose penalty has ended (a penalty started at epoch t
    /// covers epochs t … t + penalty − 1), minus each node's costs: storage for the share of blocks it keeps, and
    /// a fetch per challenge for an outsourcing node (approximated by the challenge rate: cost × probability).
    /// The same pass measures, per behaviour, mean profit after this epoch, catches and current penalties.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot per-node loops: skip tier-0 code
    private static Signals Payouts(StepContext ctx, LabState s)
    {
        var p = ChallengeParameters.From(ctx.Parameters);
        var online = s.Get<ImmutableArray<bool>>(Online).AsSpan();
        var until = s.Get<ImmutableArray<int>>(PenalizedUntil).AsSpan();
        var profit = s.Get<ImmutableArray<double>>(Profit).AsSpan();
        var caught = s.Get<ImmutableArray<int>>(FirstCaught).AsSpan();
        int t = ctx.Timestep;
        int eligible = 0;
        for (int i = 0; i < p.Nodes; i++) if (online[i] && until[i] < t) eligible++;
        double share = eligible == 0 ? 0 : p.RewardPoolPerEpoch / eligible;
        double lazyCost = p.StorageCostPerEpoch * p.LazyStoredFraction, fetchCost = p.FetchCostPerChallenge * p.ChallengeProbabilityPerEpoch;
        var nextProfit = new double[p.Nodes];
        Span<double> profitSum = stackalloc double[4], caughtEpochs = stackalloc double[4];
        Span<int> count = stackalloc int[4], caughtCount = stackalloc int[4];
        long honestPenalized = 0;
        // Node kinds lie in contiguous ranges, so each range is one tight loop with its cost known in advance;
        // sums still run in node order, so the results equal a plain per-node loop's.
        foreach (var kind in Enum.GetValues<NodeBehaviour>())
        {
            var (start, end) = p.RangeOf[(int)kind];
            double cost = kind switch
            {
                NodeBehaviour.Lazy => lazyCost,
                NodeBehaviour.Outsourcing => fetchCost,
                _ => p.StorageCostPerEpoch,
            };
            double sum = 0, epochs = 0;
            int caughtHere = 0, penalized = 0;
            for (int i = start; i < end; i++)
            {
                double pay = (online[i] && until[i] < t ? share : 0) - cost;
                double balance = profit[i] + pay;
                nextProfit[i] = balance;
                sum += balance;
                if (caught[i] >= 0) { caughtHere++; epochs += caught[i]; }
                if (until[i] >= t) penalized++;
            }
            profitSum[(int)kind] = sum;
            count[(int)kind] = end - start;
            caughtCount[(int)kind] = caughtHere;
            caughtEpochs[(int)kind] = epochs;
            if (kind == NodeBehaviour.Honest) honestPenalized = penalized;
        }
        double Mean(double sum, int n) => n == 0 ? 0 : sum / n;
        return Signals.Of(
            (Profit, ImmutableCollectionsMarshal.AsImmutableArray(nextProfit)),
            ("honest-penalized", honestPenalized),
            ("lazy-caught-fraction", Mean(caughtCount[(int)NodeBehaviour.Lazy], count[(int)NodeBehaviour.Lazy])),
            ("mean-epochs-to-catch-lazy", Mean(caughtEpochs[(int)NodeBehaviour.Lazy], caughtCount[(int)NodeBehaviour.Lazy])),
            ("outsourcing-caught-fraction", Mean(caughtCount[(int)NodeBehaviour.Outsourcing], count[(int)NodeBehaviour.Outsourcing])),
            ("profit-honest", Mean(profitSum[(int)NodeBehaviour.Honest], count[(int)NodeBehaviour.Honest])),
            ("profit-lazy", Mean(profitSum[(int)NodeBehaviour.Lazy], count[(int)NodeBehaviour.Lazy])),
            ("profit-outsourcing", Mean(profitSum[(int)NodeBehaviour.Outsourcing], count[(int)NodeBehaviour.Outsourcing])),
            ("profit-flaky", Mean(profitSum[(int)NodeBehaviour.Flaky], count[(int)NodeBehaviour.Flaky])));
    }
}
