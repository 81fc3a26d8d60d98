using Fountain.Lab.Engine;

namespace Fountain.Lab.Models.Challenges;

/// <summary>The challenge model's parameters; one timestep is one epoch, money is in tokens, times in seconds.</summary>
internal sealed class ChallengeParameters
{
    public required int Nodes { get; init; }
    public required double LazyFraction { get; init; }
    public required double LazyStoredFraction { get; init; }
    public required double OutsourcingFraction { get; init; }
    public required double OutsourceFetchSecondsMedian { get; init; }
    public required double OutsourceFetchSigma { get; init; }
    public required double FlakyFraction { get; init; }
    public required double FlakyUptime { get; init; }
    public required double HonestFailureProbability { get; init; }
    public required double HonestResponseSeconds { get; init; }
    public required double ChallengeProbabilityPerEpoch { get; init; }
    public required double ChallengeDeadlineSeconds { get; init; }
    public required int PenaltyEpochs { get; init; }
    public required double RewardPoolPerEpoch { get; init; }
    public required double StorageCostPerEpoch { get; init; }
    public required double FetchCostPerChallenge { get; init; }

    /// <summary>Each node's behaviour, by index: honest nodes first, then lazy, outsourcing and flaky ones in blocks.</summary>
    public required NodeBehaviour[] Behaviour { get; init; }

    /// <summary>Where each behaviour's nodes lie: [start, end) in node order (they are contiguous by construction).</summary>
    public required (int Start, int End)[] RangeOf { get; init; }

    public static ChallengeParameters From(ParameterSet p) => p.Parsed(Parse);

    private static ChallengeParameters Parse(ParameterSet p)
    {
        int nodes = p.GetInt("nodes");
        if (nodes < 1) throw new ArgumentException($"nodes must be at least 1, not {nodes}.");
        double lazy = p.GetProbability("lazy-fraction"), outsourcing = p.GetProbability("outsourcing-fraction"), flaky = p.GetProbability("flaky-fraction");
        if (lazy + outsourcing + flaky > 1) throw new ArgumentException("lazy-fraction + outsourcing-fraction + flaky-fraction must not exceed 1.");
        int nLazy = (int)Math.Round(lazy * nodes), nOut = (int)Math.Round(outsourcing * nodes), nFlaky = (int)Math.Round(flaky * nodes);
        int nHonest = Math.Max(0, nodes - nLazy - nOut - nFlaky);
        var behaviour = Enumerable.Repeat(NodeBehaviour.Honest, nHonest)
            .Concat(Enumerable.Repeat(NodeBehaviour.Lazy, nLazy))
            .Concat(Enumerable.Repeat(NodeBehaviour.Outsourcing, nOut))
            .Concat(Enumerable.Repeat(NodeBehaviour.Flaky, nFlaky)).Take(nodes).ToArray();
        int penalty = p.GetInt("penalty-epochs");
        if (penalty < 0) throw new ArgumentException($"penalty-epochs must be zero or positive, not {penalty}.");
        return new ChallengeParameters
        {
            Nodes = nodes,
            LazyFraction = lazy,
            LazyStoredFraction = p.GetProbability("lazy-stored-fraction"),
            OutsourcingFraction = outsourcing,
            OutsourceFetchSecondsMedian = p.GetNonNegative("outsource-fetch-seconds-median"),
            OutsourceFetchSigma = p.GetNonNegative("outsource-fetch-sigma"),
            FlakyFraction = flaky,
            FlakyUptime = p.GetProbability("flaky-uptime"),
            HonestFailureProbability = p.GetProbability("honest-failure-probability"),
            HonestResponseSeconds = p.GetNonNegative("honest-response-seconds"),
            ChallengeProbabilityPerEpoch = p.GetProbability("challenge-probability-per-epoch"),
            ChallengeDeadlineSeconds = p.GetNonNegative("challenge-deadline-seconds"),
            PenaltyEpochs = penalty,
            RewardPoolPerEpoch = p.GetNonNegative("reward-pool-per-epoch"),
            StorageCostPerEpoch = p.GetNonNegative("storage-cost-per-epoch"),
            FetchCostPerChallenge = p.GetNonNegative("fetch-cost-per-challenge"),
            Behaviour = behaviour,
            RangeOf = Enum.GetValues<NodeBehaviour>().Select(b =>
            {
                int start = Array.IndexOf(behaviour, b);
                return start < 0 ? (0, 0) : (start, start + behaviour.Count(x => x == b));
            }).ToArray(),
        };
    }
}
