using Fountain.Lab.Engine;
using Fountain.Lab.Models.Challenges;
using Fountain.Lab.Models.Durability;
using Fountain.Lab.Models.Pricing;
using Fountain.Lab.Models.Reputation;

namespace Fountain.Lab.Models;

/// <summary>A model a scenario can name: how to build it, its parameters with their defaults, one line on what it studies.</summary>
public sealed record ModelEntry(string Name, string Summary, Func<LabModel> Create, IReadOnlyDictionary<string, object> Defaults);

/// <summary>The models of the lab, by the name scenarios use.</summary>
public static class ModelCatalog
{
    private static readonly ModelEntry[] Entries =
    [
        new(DurabilityModel.Name, "artworks lost, redundancy and repair traffic under churn, black swans and self-healing", DurabilityModel.Create, DurabilityModel.Defaults),
        new(ChallengeModel.Name, "storage challenges and penalties against lazy, outsourcing and flaky nodes", ChallengeModel.Create, ChallengeModel.Defaults),
        new(ShiftMarketModel.Name, "the Shift price under supply and demand shocks and forgers lying about the supply Y", ShiftMarketModel.Create, ShiftMarketModel.Defaults),
        new(ReputationModel.Name, "beta reputation with random audits: how fast bad nodes are disqualified, how many good ones wrongly", ReputationModel.Create, ReputationModel.Defaults),
    ];

    public static IReadOnlyList<ModelEntry> All => Entries;

    public static ModelEntry Get(string name) =>
        Entries.FirstOrDefault(e => e.Name == name)
        ?? throw new ArgumentException($"Unknown model '{name}'. Known models: {string.Join(", ", Entries.Select(e => e.Name))}.");
}
