using Fountain.Lab.Engine;

namespace Fountain.Lab.Models.Reputation;

/// <summary>The reputation model's parameters; one timestep is one audit round.</summary>
internal sealed class ReputationParameters
{
    public required int Nodes { get; init; }
    public required int BadNodes { get; init; }
    public required double GoodFailureProbability { get; init; }
    public required double BadFailureProbability { get; init; }
    public required double AuditProbabilityPerRound { get; init; }
    public required double Forgetting { get; init; }
    public required double Weight { get; init; }
    public required double InitialAlpha { get; init; }
    public required double InitialBeta { get; init; }
    public required double DisqualificationThreshold { get; init; }

    public static ReputationParameters From(ParameterSet p) => p.Parsed(Parse);

    private static ReputationParameters Parse(ParameterSet p)
    {
        int nodes = p.GetInt("nodes");
        if (nodes < 1) throw new ArgumentException($"nodes must be at least 1, not {nodes}.");
        double lambda = p.GetProbability("forgetting");
        double alpha0 = p.GetNonNegative("initial-alpha"), beta0 = p.GetNonNegative("initial-beta");
        if (alpha0 + beta0 <= 0) throw new ArgumentException("initial-alpha + initial-beta must be positive (the score is α / (α + β)).");
        return new ReputationParameters
        {
            Nodes = nodes,
            BadNodes = (int)Math.Round(p.GetProbability("bad-fraction") * nodes),
            GoodFailureProbability = p.GetProbability("good-failure-probability"),
            BadFailureProbability = p.GetProbability("bad-failure-probability"),
            AuditProbabilityPerRound = p.GetProbability("audit-probability-per-round"),
            Forgetting = lambda,
            Weight = p.GetNonNegative("weight"),
            InitialAlpha = alpha0,
            InitialBeta = beta0,
            DisqualificationThreshold = p.GetProbability("disqualification-threshold"),
        };
    }

    /// <summary>Nodes 0 … bad−1 are the bad ones: who is bad does not matter to the statistics, and a fixed layout keeps runs comparable.</summary>
    public bool IsBad(int node) => node < BadNodes;
}
