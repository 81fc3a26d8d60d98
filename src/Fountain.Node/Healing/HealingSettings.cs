using Akka.Configuration;
using Fountain.Chain.Configuration;

namespace Fountain.Node.Healing;

/// <summary>The node's self-healing duty (fountain.healing in src/Fountain.Node/reference.conf).</summary>
public sealed record HealingSettings
{
    /// <summary>Whether this node checks the artworks it is custodian primary of.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>How often the node looks at the chain's head for a new epoch and checks its artworks.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// In a cluster: how long a check sent to the sharded artwork region may go untaken on this node before the node
    /// runs it on a local actor instead (its shard not hosted here: no coordinator yet, a hostile coordinator that
    /// drops or misplaces allocations, or this node downed out of the cluster). A hostile coordinator thus delays the
    /// heals of this node's artworks by about this much.
    /// </summary>
    public TimeSpan ShardedCheckFallbackAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>When to heal and how far (heal-below, heal-to, max-blocks-per-heal).</summary>
    public HealingPolicy Policy { get; init; } = new();

    /// <summary>Blocks per measurement whose holders are spot-checked with a range hash against a verified copy.</summary>
    public int SpotCheckBlocks { get; init; } = 4;

    /// <summary>Bytes of each spot-check's range.</summary>
    public int SpotCheckRangeBytes { get; init; } = 4096;

    /// <summary>New blocks a verifier fetches and verifies before it signs an amendment.</summary>
    public int VerifierSampleBlocks { get; init; } = 4;

    /// <summary>Most holders asked at once during a measurement, a placement or a copy.</summary>
    public int Parallelism { get; init; } = 8;

    /// <summary>Longest one whole check (measure, heal, amend) may take before it is abandoned.</summary>
    public TimeSpan CheckTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Custody verifiers per artwork and epoch: the chain's rule, read from fountain.chain.custody-verifiers.</summary>
    public int CustodyVerifiers { get; init; } = 2;

    /// <summary>Most block copies one check makes for holder maintenance.</summary>
    public int MaxCopiesPerCheck { get; init; } = 10_000;

    /// <summary>Most artworks one node watches.</summary>
    public int MaxWatchedArtworks { get; init; } = 100_000;

    /// <summary>
    /// Fresh blocks a heal holds encoded but not yet placed. The encoder waits when the queue is full, so a heal holds
    /// at most this plus <see cref="Parallelism"/> blocks in memory, whatever the size of the artwork.
    /// </summary>
    public int PlacementQueueBlocks { get; init; } = 8;

    /// <summary>
    /// Checks (survey, heal, maintenance) this node runs at once; the others wait their turn. A node may be primary of
    /// many artworks in one epoch, and each check asks <see cref="Parallelism"/> holders at a time and may decode and
    /// encode a whole archive: without a bound, one epoch would start them all together.
    /// </summary>
    public int MaxConcurrentChecks { get; init; } = 4;

    /// <summary>Tests only: called at each step of a heal (<see cref="HealProbe"/>); null in production.</summary>
    internal HealProbe? Probe { get; init; }

    public string? Problem()
    {
        if (Policy.HealBelow <= 0 || Policy.HealTo < Policy.HealBelow) return $"heal-to ({Policy.HealTo}) must be at least heal-below ({Policy.HealBelow}), both positive";
        if (Policy.MaxBlocksPerHeal < 1) return "max-blocks-per-heal must be at least 1";
        if (CheckInterval <= TimeSpan.Zero || CheckTimeout <= TimeSpan.Zero || ShardedCheckFallbackAfter <= TimeSpan.Zero)
            return "check-interval, check-timeout and sharded-check-fallback-after must be positive";
        if (SpotCheckBlocks < 0 || SpotCheckRangeBytes < 1 || VerifierSampleBlocks < 1 || Parallelism < 1 || MaxWatchedArtworks < 1 || CustodyVerifiers < 1 || MaxCopiesPerCheck < 0 || PlacementQueueBlocks < 1 || MaxConcurrentChecks < 1)
            return "spot-check-blocks and max-copies-per-check ≥ 0; spot-check-range-bytes, verifier-sample-blocks, parallelism, custody-verifiers, max-watched-artworks, placement-queue-blocks and max-concurrent-checks ≥ 1";
        return null;
    }

    /// <summary>
    /// Reads fountain.healing from a configuration merged over the node's defaults (src/Fountain.Node/reference.conf).
    /// The custody verifiers are the chain's rule, fountain.chain.custody-verifiers: one key for node and chain.
    /// </summary>
    public static HealingSettings Read(Config config)
    {
        const string p = "fountain.healing.";
        var settings = new HealingSettings
        {
            Enabled = config.ReadBool(p + "enabled"),
            CheckInterval = config.ReadDuration(p + "check-interval"),
            ShardedCheckFallbackAfter = config.ReadDuration(p + "sharded-check-fallback-after"),
            Policy = new HealingPolicy
            {
                HealBelow = config.ReadDouble(p + "heal-below"),
                HealTo = config.ReadDouble(p + "heal-to"),
                MaxBlocksPerHeal = config.ReadInt(p + "max-blocks-per-heal"),
            },
            SpotCheckBlocks = config.ReadInt(p + "spot-check-blocks"),
            SpotCheckRangeBytes = config.ReadInt(p + "spot-check-range-bytes"),
            VerifierSampleBlocks = config.ReadInt(p + "verifier-sample-blocks"),
            Parallelism = config.ReadInt(p + "parallelism"),
            CheckTimeout = config.ReadDuration(p + "check-timeout"),
            CustodyVerifiers = config.ReadInt("fountain.chain.custody-verifiers", min: 1),
            MaxCopiesPerCheck = config.ReadInt(p + "max-copies-per-check"),
            MaxWatchedArtworks = config.ReadInt(p + "max-watched-artworks"),
            PlacementQueueBlocks = config.ReadInt(p + "placement-queue-blocks"),
            MaxConcurrentChecks = config.ReadInt(p + "max-concurrent-checks"),
        };
        if (settings.Problem() is { } problem) throw new SettingException("fountain.healing", problem);
        return settings;
    }
}
