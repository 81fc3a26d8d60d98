using Akka.Configuration;
using Fountain.Actors.Cluster;
using Fountain.Chain.Configuration;

namespace Fountain.Node.Cluster;

/// <summary>
/// How a masternode takes part in the masternodes' Akka cluster (<c>fountain.node.cluster</c>;
/// src/Fountain.Actors/Cluster/CLUSTER.md has the decisions). The defaults are those of reference.conf.
/// </summary>
public sealed record NodeClusterSettings
{
    /// <summary>
    /// Join the cluster. A node whose listen URL asks for port 0 (tests, the demo) and has no advertise-url runs alone
    /// even so: its Akka address is derived from its endpoint, which is not known before it binds.
    /// </summary>
    public bool Enabled { get; init; } = true;
    /// <summary>The Akka port is the endpoint's port plus this (<see cref="ClusterAddresses.DefaultPortOffset"/>); every node of a network must use the same.</summary>
    public int AkkaPortOffset { get; init; } = ClusterAddresses.DefaultPortOffset;
    /// <summary>The interface Akka.Remote binds to; null: the endpoint's host (set 0.0.0.0 behind a NAT).</summary>
    public string? BindHostname { get; init; }
    /// <summary>Seed nodes, derived from the chain's roster, the node joins through.</summary>
    public int JoinSeeds { get; init; } = 3;
    /// <summary>How long a seed may take to answer before the first seed forms a cluster by itself.</summary>
    public TimeSpan SeedNodeTimeout { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>The split-brain resolver (keep-majority) waits this long for membership to settle before it downs the unreachable side.</summary>
    public TimeSpan StableAfter { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>How often the shard coordinator moves shards whose custodian changed.</summary>
    public TimeSpan RebalanceInterval { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Shards moved at most per rebalance round.</summary>
    public int MaxRebalancePerRound { get; init; } = 10;
    /// <summary>How often the guard reads the chain's roster even when membership does not change.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>Until the node is a member, how often the guard reads the roster (its registration counts from the height that seals it).</summary>
    public TimeSpan JoinReadInterval { get; init; } = TimeSpan.FromMilliseconds(500);
    /// <summary>Longest one roster read may take; a read that fails changes nothing.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>How long a member whose registration lapsed has to leave by itself before the guards down it.</summary>
    public TimeSpan LapseGrace { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The guard's settings (the guard also joins through <see cref="JoinSeeds"/> seeds).</summary>
    public ClusterGuardSettings Guard => new(RefreshInterval, ReadTimeout, LapseGrace, JoinSeeds) { JoinReadInterval = JoinReadInterval };

    public void Validate()
    {
        static void Positive(string name, double value) { if (!(value > 0)) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive."); }
        if (AkkaPortOffset is < 1 or > 65534) throw new ArgumentOutOfRangeException(nameof(AkkaPortOffset), AkkaPortOffset, "akka-port-offset must be between 1 and 65534");
        if (BindHostname is not null && string.IsNullOrWhiteSpace(BindHostname)) throw new ArgumentException("bind-hostname must be a host name or empty", nameof(BindHostname));
        Positive(nameof(JoinSeeds), JoinSeeds);
        Positive(nameof(SeedNodeTimeout), SeedNodeTimeout.Ticks);
        Positive(nameof(StableAfter), StableAfter.Ticks);
        Positive(nameof(RebalanceInterval), RebalanceInterval.Ticks);
        Positive(nameof(MaxRebalancePerRound), MaxRebalancePerRound);
        Positive(nameof(RefreshInterval), RefreshInterval.Ticks);
        Positive(nameof(JoinReadInterval), JoinReadInterval.Ticks);
        Positive(nameof(ReadTimeout), ReadTimeout.Ticks);
        Positive(nameof(LapseGrace), LapseGrace.Ticks);
    }

    /// <summary>Reads <c>fountain.node.cluster</c>; a bad value is a <see cref="SettingException"/> naming its key.</summary>
    public static NodeClusterSettings Read(Config config)
    {
        const string p = "fountain.node.cluster.";
        var bind = config.ReadString(p + "bind-hostname");
        var settings = new NodeClusterSettings
        {
            Enabled = config.ReadBool(p + "enabled"),
            AkkaPortOffset = config.ReadInt(p + "akka-port-offset"),
            BindHostname = string.IsNullOrWhiteSpace(bind) ? null : bind,
            JoinSeeds = config.ReadInt(p + "join-seeds"),
            SeedNodeTimeout = config.ReadDuration(p + "seed-node-timeout"),
            StableAfter = config.ReadDuration(p + "stable-after"),
            RebalanceInterval = config.ReadDuration(p + "rebalance-interval"),
            MaxRebalancePerRound = config.ReadInt(p + "max-rebalance-per-round"),
            RefreshInterval = config.ReadDuration(p + "refresh-interval"),
            JoinReadInterval = config.ReadDuration(p + "join-read-interval"),
            ReadTimeout = config.ReadDuration(p + "read-timeout"),
            LapseGrace = config.ReadDuration(p + "lapse-grace"),
        };
        SettingReads.Validate(p, settings.Validate);
        return settings;
    }
}
