using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Fountain.Lab.Engine;

namespace Fountain.Lab.Models.Durability;

/// <summary>
/// Durability under churn, black swans and self-healing (fountain-blocks.txt, "make the system dynamic"): each
/// artwork is n LT blocks of which k decode it, each block copied on r random masternodes. Each day (timestep):
/// (1) nodes leave for good, by churn and, on the black-swan day, en masse; a departed node's slot may be taken by
/// a fresh, empty node; (2) every artwork's distinct live blocks are counted, and an artwork with fewer than k is
/// lost for ever; (3) every heal period, artworks below the healing threshold are repaired, most endangered first,
/// within the repair bandwidth: the custodian downloads k blocks, decodes, and uploads a fresh block (r copies)
/// for every dead one. Assumptions: departures are permanent and independent across nodes; placement is uniform
/// (rendezvous hashing is, for a random block id); a repair completes within its day.
/// </summary>
public static class DurabilityModel
{
    public const string Name = "durability";

    private const string NodeAlive = "node-alive", NodeGeneration = "node-generation", Holders = "holders";
    private const string ArtworkLost = "artwork-lost", AliveBlocks = "alive-blocks";

    /// <summary>
    /// Defaults: 1,000 nodes; the seed's 20 MB artwork in 2 MiB blocks at 12x redundancy; LT needing 12% more
    /// blocks than the source (fountain-blocks.txt); Storj's measured 5.4e-5 node failures per node-day; 2%
    /// monthly operator churn with departed nodes replaced; no black swan; healing every day below 75% of the
    /// blocks, with 100 GiB a day of repair bandwidth.
    /// </summary>
    public static IReadOnlyDictionary<string, object> Defaults { get; } = new Dictionary<string, object>
    {
        ["nodes"] = 1000L,
        ["artworks"] = 1000L,
        ["artwork-bytes"] = 20_000_000L,
        ["block-bytes"] = 2_097_152L,
        ["lt-overhead"] = 0.12,
        ["redundancy"] = 12.0,
        ["holders-per-block"] = 3L,
        ["node-failure-per-day"] = 5.4e-5,
        ["monthly-churn"] = 0.02,
        ["replace-departed"] = true,
        ["black-swan-day"] = 0L,
        ["black-swan-fraction"] = 0.0,
        ["healing-enabled"] = true,
        ["heal-threshold"] = 0.75,
        ["heal-period-days"] = 1L,
        ["repair-bandwidth-bytes-per-day"] = 107_374_182_400.0,
    };

    public static LabModel Create() => new(
        Name,
        [
            new(NodeAlive, Recorded: false), new(NodeGeneration, Recorded: false), new(Holders, Recorded: false),
            new(ArtworkLost, Recorded: false), new(AliveBlocks, Recorded: false),
            new("nodes-online"), new("artworks-lost"), new("artworks-below-threshold"),
            new("mean-redundancy"), new("min-redundancy"), new("p10-redundancy"),
            new("repair-bytes"), new("repair-bytes-today"), new("artworks-repaired"),
        ],
        Initial,
        [
            new("departures",
                [ChurnDepartures, BlackSwanDepartures],
                [
                    new(NodeAlive, (ctx, s, sig) => ApplyDepartures(s.Get<ImmutableArray<bool>>(NodeAlive), sig, _ => DurabilityParameters.From(ctx.Parameters).ReplaceDeparted)),
                    new(NodeGeneration, (_, s, sig) => BumpGenerations(s.Get<ImmutableArray<int>>(NodeGeneration), sig)),
                    new("nodes-online", (ctx, s, sig) => CountOnlineAfter(ctx, s, sig)),
                ],
                new SignalAggregation(UnionOfNodeSets)),
            new("measure",
                [MeasureRedundancy],
                [
                    new(AliveBlocks, (_, _, sig) => sig["alive-blocks"]),
                    new(ArtworkLost, (ctx, s, sig) => MarkLost(ctx, s, sig)),
                    new("artworks-lost", (_, _, sig) => sig["lost"]),
                    new("artworks-below-threshold", (_, _, sig) => sig["below-threshold"]),
                    new("mean-redundancy", (_, _, sig) => sig["mean-redundancy"]),
                    new("min-redundancy", (_, _, sig) => sig["min-redundancy"]),
                    new("p10-redundancy", (_, _, sig) => sig["p10-redundancy"]),
                ]),
            new("heal",
                [PlanRepairs],
                [
                    new(Holders, (_, s, sig) => ApplyRepairs(s.Get<ImmutableArray<long>>(Holders), sig.Get<RepairPlan>("repairs"))),
                    new("repair-bytes", (_, s, sig) => s.GetDouble("repair-bytes") + sig.Get<RepairPlan>("repairs").Bytes),
                    new("repair-bytes-today", (_, _, sig) => sig.Get<RepairPlan>("repairs").Bytes),
                    new("artworks-repaired", (_, s, sig) => s.Get<long>("artworks-repaired") + sig.Get<RepairPlan>("repairs").Artworks),
                ]),
        ]);

    /// <summary>Repairs decided in one heal round: copy slots to overwrite with new holders, and their cost.</summary>
    internal sealed record RepairPlan(int[] Slots, long[] NewHolders, double Bytes, long Artworks)
    {
        public static readonly RepairPlan None = new([], [], 0, 0);
    }

    private static long Pack(int node, int generation) => ((long)node << 32) | (uint)generation;

    private static IReadOnlyDictionary<string, object> Initial(StepContext ctx)
    {
        var p = DurabilityParameters.From(ctx.Parameters);
        int n = p.BlocksPerArtwork, r = p.HoldersPerBlock;
        var holders = new long[(long)p.Artworks * n * r];
        var chosen = new int[r];
        for (int block = 0; block < p.Artworks * n; block++)
        {
            PickDistinct(ctx.Random, p.Nodes, null, chosen);
            for (int j = 0; j < r; j++) holders[block * r + j] = Pack(chosen[j], 0);
        }
        var alive = new bool[p.Nodes];
        Array.Fill(alive, true);
        var aliveBlocks = new int[p.Artworks];
        Array.Fill(aliveBlocks, n);
        return new Dictionary<string, object>
        {
            [NodeAlive] = ImmutableCollectionsMarshal.AsImmutableArray(alive),
            [NodeGeneration] = ImmutableCollectionsMarshal.AsImmutableArray(new int[p.Nodes]),
            [Holders] = ImmutableCollectionsMarshal.AsImmutableArray(holders),
            [ArtworkLost] = ImmutableCollectionsMarshal.AsImmutableArray(new bool[p.Artworks]),
            [AliveBlocks] = ImmutableCollectionsMarshal.AsImmutableArray(aliveBlocks),
            ["nodes-online"] = (long)p.Nodes,
            ["artworks-lost"] = 0L,
            ["artworks-below-threshold"] = 0L,
            ["mean-redundancy"] = (double)n / p.SourceBlocks,
            ["min-redundancy"] = (double)n / p.SourceBlocks,
            ["p10-redundancy"] = (double)n / p.SourceBlocks,
            ["repair-bytes"] = 0.0,
            ["repair-bytes-today"] = 0.0,
            ["artworks-repaired"] = 0L,
        };
    }

    /// <summary>Fills <paramref name="chosen"/> with distinct node slots drawn uniformly from the live ones (all when <paramref name="live"/> is null).</summary>
    private static int PickDistinct(LabRandom random, int nodes, int[]? live, int[] chosen)
    {
        int pool = live?.Length ?? nodes;
        int count = Math.Min(chosen.Length, pool);
        for (int j = 0; j < count; j++)
        {
            int candidate;
            do candidate = live is null ? random.NextInt(nodes) : live[random.NextInt(pool)];
            while (Array.IndexOf(chosen, candidate, 0, j) >= 0);
            chosen[j] = candidate;
        }
        return count;
    }

    private static Signals ChurnDepartures(StepContext ctx, LabState s)
    {
        double p = DurabilityParameters.From(ctx.Parameters).DailyExitProbability;
        var alive = s.Get<ImmutableArray<bool>>(NodeAlive);
        var departed = new List<int>();
        for (int i = 0; i < alive.Length; i++)
            if (alive[i] && ctx.Random.Bernoulli(p)) departed.Add(i);
        return Signals.Of(("departed", departed.ToArray()));
    }

    /// <summary>On the black-swan day, exactly round(fraction × live nodes) of the live nodes leave at once.</summary>
    private static Signals BlackSwanDepartures(StepContext ctx, LabState s)
    {
        var p = DurabilityParameters.From(ctx.Parameters);
        if (ctx.Timestep != p.BlackSwanDay || p.BlackSwanFraction == 0) return Signals.Of(("departed", Array.Empty<int>()));
        var alive = s.Get<ImmutableArray<bool>>(NodeAlive);
        var live = Enumerable.Range(0, alive.Length).Where(i => alive[i]).ToArray();
        int count = (int)Math.Round(p.BlackSwanFraction * live.Length);
        for (int j = 0; j < count; j++) // partial Fisher–Yates: the first `count` entries become a uniform sample
        {
            int k = j + ctx.Random.NextInt(live.Length - j);
            (live[j], live[k]) = (live[k], live[j]);
        }
        return Signals.Of(("departed", live[..count]));
    }

    /// <summary>The block's aggregation: departures from both policies form one set (a node leaves once).</summary>
    private static object UnionOfNodeSets(object a, object b) => ((int[])a).Union((int[])b).Order().ToArray();

    private static ImmutableArray<bool> ApplyDepartures(ImmutableArray<bool> alive, Signals sig, Func<int, bool> replaced)
    {
        var departed = sig.Get<int[]>("departed");
        if (departed.Length == 0) return alive;
        var next = alive.ToArray();
        foreach (int node in departed) next[node] = replaced(node);
        return ImmutableCollectionsMarshal.AsImmutableArray(next);
    }

    /// <summary>A departed node's slot gets a new generation: copies held by the old node no longer count, even if a fresh node takes the slot.</summary>
    private static ImmutableArray<int> BumpGenerations(ImmutableArray<int> generations, Signals sig)
    {
        var departed = sig.Get<int[]>("departed");
        if (departed.Length == 0) return generations;
        var next = generations.ToArray();
        foreach (int node in departed) next[node]++;
        return ImmutableCollectionsMarshal.AsImmutableArray(next);
    }

    private static object CountOnlineAfter(StepContext ctx, LabState s, Signals sig)
    {
        var alive = s.Get<ImmutableArray<bool>>(NodeAlive);
        bool replace = DurabilityParameters.From(ctx.Parameters).ReplaceDeparted;
        long online = 0;
        foreach (bool a in alive) if (a) online++;
        return replace ? online : online - sig.Get<int[]>("departed").Length;
    }

    /// <summary>Counts each artwork's distinct live blocks and summarises the redundancy distribution of the artworks still alive.</summary>
    private static Signals MeasureRedundancy(StepContext ctx, LabState s)
    {
        var p = DurabilityParameters.From(ctx.Parameters);
        var alive = s.Get<ImmutableArray<bool>>(NodeAlive).AsSpan();
        var generation = s.Get<ImmutableArray<int>>(NodeGeneration).AsSpan();
        var holders = s.Get<ImmutableArray<long>>(Holders).AsSpan();
        var lost = s.Get<ImmutableArray<bool>>(ArtworkLost);
        int n = p.BlocksPerArtwork, r = p.HoldersPerBlock;
        var counts = new int[p.Artworks];
        var redundancies = new List<double>(p.Artworks);
        long below = 0, lostCount = 0;
        double threshold = p.HealThreshold * n;
        for (int a = 0; a < p.Artworks; a++)
        {
            if (lost[a]) { lostCount++; continue; }
            int live = 0;
            for (int b = 0; b < n; b++)
            {
                int offset = (a * n + b) * r;
                for (int j = 0; j < r; j++)
                {
                    long h = holders[offset + j];
                    if (h < 0) continue;
                    int node = (int)(h >> 32);
                    if (alive[node] && generation[node] == (int)h) { live++; break; }
                }
            }
            counts[a] = live;
            if (live >= p.BlocksNeeded)
            {
                redundancies.Add((double)live / p.SourceBlocks);
                if (live < threshold) below++;
            }
            else lostCount++; // lost now: fewer distinct blocks than decoding needs, and departures are permanent
        }
        redundancies.Sort();
        double mean = redundancies.Count == 0 ? 0 : redundancies.Average();
        double min = redundancies.Count == 0 ? 0 : redundancies[0];
        double p10 = redundancies.Count == 0 ? 0 : redundancies[(int)Math.Floor(0.1 * (redundancies.Count - 1))];
        return Signals.Of(
            ("alive-blocks", ImmutableCollectionsMarshal.AsImmutableArray(counts)),
            ("lost", lostCount), ("below-threshold", below), ("mean-redundancy", mean), ("min-redundancy", min), ("p10-redundancy", p10));
    }

    private static ImmutableArray<bool> MarkLost(StepContext ctx, LabState s, Signals sig)
    {
        int needed = DurabilityParameters.From(ctx.Parameters).BlocksNeeded;
        var counts = sig.Get<ImmutableArray<int>>("alive-blocks");
        var lost = s.Get<ImmutableArray<bool>>(ArtworkLost);
        bool[]? next = null;
        for (int a = 0; a < lost.Length; a++)
            if (!lost[a] && counts[a] < needed) (next ??= lost.ToArray())[a] = true;
        return next is null ? lost : ImmutableCollectionsMarshal.AsImmutableArray(next);
    }

    /// <summary>
    /// The custodians' work this day, if it is a heal day: the artworks below the threshold, fewest live blocks
    /// first, each repaired in full if the day's remaining bandwidth (bandwidth × period) allows, else the round ends.
    /// </summary>
    private static Signals PlanRepairs(StepContext ctx, LabState s)
    {
        var p = DurabilityParameters.From(ctx.Parameters);
        if (!p.HealingEnabled || ctx.Timestep % p.HealPeriodDays != 0) return Signals.Of(("repairs", RepairPlan.None));
        var counts = s.Get<ImmutableArray<int>>(AliveBlocks);
        var lost = s.Get<ImmutableArray<bool>>(ArtworkLost);
        var alive = s.Get<ImmutableArray<bool>>(NodeAlive);
        var generation = s.Get<ImmutableArray<int>>(NodeGeneration);
        var holders = s.Get<ImmutableArray<long>>(Holders);
        int n = p.BlocksPerArtwork, r = p.HoldersPerBlock;
        double threshold = p.HealThreshold * n;
        var candidates = Enumerable.Range(0, p.Artworks).Where(a => !lost[a] && counts[a] < threshold).OrderBy(a => counts[a]).ThenBy(a => a).ToArray();
        if (candidates.Length == 0) return Signals.Of(("repairs", RepairPlan.None));

        var live = Enumerable.Range(0, alive.Length).Where(i => alive[i]).ToArray();
        double budget = p.RepairBandwidthBytesPerDay * p.HealPeriodDays, spent = 0;
        var slots = new List<int>();
        var newHolders = new List<long>();
        var chosen = new int[r];
        long repaired = 0;
        foreach (int a in candidates)
        {
            int dead = n - counts[a];
            double cost = (double)(p.BlocksNeeded + (long)dead * r) * p.BlockBytes;
            if (spent + cost > budget) break;
            spent += cost;
            repaired++;
            for (int b = 0; b < n; b++)
            {
                int offset = (a * n + b) * r;
                bool blockLive = false;
                for (int j = 0; j < r && !blockLive; j++)
                {
                    long h = holders[offset + j];
                    blockLive = h >= 0 && alive[(int)(h >> 32)] && generation[(int)(h >> 32)] == (int)h;
                }
                if (blockLive) continue;
                int placed = PickDistinct(ctx.Random, alive.Length, live, chosen);
                for (int j = 0; j < r; j++)
                {
                    slots.Add(offset + j);
                    newHolders.Add(j < placed ? Pack(chosen[j], generation[chosen[j]]) : -1);
                }
            }
        }
        return Signals.Of(("repairs", new RepairPlan(slots.ToArray(), newHolders.ToArray(), spent, repaired)));
    }

    private static ImmutableArray<long> ApplyRepairs(ImmutableArray<long> holders, RepairPlan plan)
    {
        if (plan.Slots.Length == 0) return holders;
        var next = holders.ToArray();
        for (int i = 0; i < plan.Slots.Length; i++) next[plan.Slots[i]] = plan.NewHolders[i];
        return ImmutableCollectionsMarshal.AsImmutableArray(next);
    }
}
