namespace Fountain.Node.Scrubbing;

/// <summary>How a node re-hashes its own blocks to find silent corruption (fountain.scrubbing).</summary>
public sealed record ScrubbingSettings
{
    public bool Enabled { get; init; } = true;

    /// <summary>Bytes re-hashed per second at most, so that scrubbing never competes with serving (SHA3 runs ~330 MB/s per core).</summary>
    public long BytesPerSecond { get; init; } = 8L << 20;

    /// <summary>How often the scrubber wakes up; each wake-up hashes at most BytesPerSecond × this interval (and at least one block).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    internal void Validate()
    {
        if (BytesPerSecond < 1) throw new ArgumentOutOfRangeException(nameof(BytesPerSecond), BytesPerSecond, "scrubbing bytes-per-second must be positive");
        if (Interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "scrubbing interval must be positive");
    }
}
