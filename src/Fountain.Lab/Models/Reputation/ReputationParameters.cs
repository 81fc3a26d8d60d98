using Fountain.Economics.Reputation;
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

    /// <summary>The reputation rules, as Fountain.Economics applies them on the network.</summary>
    public required ReputationOptions Reputation { get; init; }

    public static ReputationParameters From(ParameterSet p) => p.Parsed(Parse);

    private static ReputationParameters Parse(ParameterSet p)
    {
        int nodes = p.GetInt("nodes");
        if (nodes < 1) throw new ArgumentException($"nodes must be at least 1, not {nodes}.");
        var options = new ReputationOptions
        {
            Lambda = (decimal)p.GetDouble("forgetting"),
            Weight = (decimal)p.GetDouble("weight"),
            Alpha0 = (decimal)p.GetDouble("initial-alpha"),
            Beta0 = (decimal)p.GetDouble("initial-beta"),
            DisqualificationThreshold = (decimal)p.GetDouble("disqualification-threshold"),
        };
        if (options.Validate() is { } bad) throw new ArgumentException($"Reputation parameters refused ({bad.Code}): {bad.Message} (forgetting, weight, initial-alpha, initial-beta, disqualification-threshold).");
        return new ReputationParameters
        {
            Nodes = nodes,
            BadNodes = (int)Math.Round(p.GetProbability("bad-fraction") * nodes),
            GoodFailureProbability = p.GetProbability("good-failure-probability"),
            BadFailureProbability = p.GetProbability("bad-failure-probability"),
            AuditProbabilityPerRound = p.GetProbability("audit-probability-per-round"),
            Reputation = options,
        };
    }

    /// <summary>Nodes 0 … bad−1 are the bad ones: who is bad does not matter to the statistics, and a fixed layout keeps runs comparable.</summary>
    public bool IsBad(int node) => node < BadNodes;
}
