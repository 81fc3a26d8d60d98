namespace Fountain.Actors.Sharding;

/// <summary>The limits of one shard region; its host sets them in code.</summary>
public sealed record ShardingSettings
{
    /// <summary>An entity that received nothing for this long is passivated; zero disables idle passivation.</summary>
    public TimeSpan PassivateIdleAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Live entities one region keeps at most: activating one more passivates the least recently used tenth,
    /// so memory stays bounded whatever the traffic (0 = no limit).
    /// </summary>
    public int MaxLiveEntities { get; init; } = 200_000;

    /// <summary>Messages held for one entity while it stops (passivation or hand-off); more go to dead letters.</summary>
    public int BufferCapacityPerEntityMessages { get; init; } = 100;

    /// <summary>Remember which entities are active and start them again after a restart or hand-off.</summary>
    public bool RememberEntities { get; init; }

    /// <summary>Owners remembered per key so that placement is not recomputed for every message; cleared when full or when membership changes.</summary>
    public int OwnerCacheCapacity { get; init; } = 100_000;

    /// <summary>Times a message may be forwarded between nodes before it is dead-lettered (nodes that disagree on membership).</summary>
    public int MaxForwardHops { get; init; } = 2;

    /// <summary>Mailbox of the region actor itself, through which every message for its entities passes.</summary>
    public MailboxSettings RegionMailbox { get; init; } = new() { CapacityMessages = 10_000, ThroughputPerTurn = 256 };

    /// <summary>Mailbox of each entity; the actor system's default when null.</summary>
    public MailboxSettings? EntityMailbox { get; init; }

    /// <summary>Remember-entities writes in flight before the region stops taking messages until they complete.</summary>
    public int MaxPendingRememberWrites { get; init; } = 1000;

    internal void Validate()
    {
        if (PassivateIdleAfter < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(PassivateIdleAfter), PassivateIdleAfter, "cannot be negative");
        if (MaxLiveEntities < 0) throw new ArgumentOutOfRangeException(nameof(MaxLiveEntities), MaxLiveEntities, "cannot be negative (0 = no limit)");
        if (BufferCapacityPerEntityMessages < 0) throw new ArgumentOutOfRangeException(nameof(BufferCapacityPerEntityMessages), BufferCapacityPerEntityMessages, "cannot be negative");
        if (OwnerCacheCapacity < 0) throw new ArgumentOutOfRangeException(nameof(OwnerCacheCapacity), OwnerCacheCapacity, "cannot be negative");
        if (MaxForwardHops < 0) throw new ArgumentOutOfRangeException(nameof(MaxForwardHops), MaxForwardHops, "cannot be negative");
        if (MaxPendingRememberWrites < 1) throw new ArgumentOutOfRangeException(nameof(MaxPendingRememberWrites), MaxPendingRememberWrites, "must be at least 1");
        RegionMailbox.Validate();
        EntityMailbox?.Validate();
    }
}
