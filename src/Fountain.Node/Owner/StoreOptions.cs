namespace Fountain.Node.Owner;

/// <summary>How an owner stores an artwork (`fountain store`'s options; no configuration key sets them).</summary>
public sealed record StoreOptions
{
    /// <summary>The most the owner will pay for the registration, in base units; the chain refuses a higher fee.</summary>
    public long MaxFeeBaseUnits { get; init; } = 1_000 * 100_000_000L;

    /// <summary>A block counts as placed when at least this many of its holders acknowledged it.</summary>
    public int MinAcknowledgementsPerBlock { get; init; } = 1;

    /// <summary>Registration goes ahead only if at least this share of the blocks is placed.</summary>
    public double MinPlacedFraction { get; init; } = 0.9;

    /// <summary>How long to wait for the registered ticket to appear on the chain.</summary>
    public TimeSpan RegistrationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Holders per block when the owner encodes locally (a masternode uses its own setting).</summary>
    public int HoldersPerBlock { get; init; } = 10;

    /// <summary>Uploads at once when the owner encodes locally.</summary>
    public int UploadParallelism { get; init; } = 8;

    /// <summary>The masternode to send the archive to; by default the artwork's custodian of the current epoch.</summary>
    public string? EntryNodeId { get; init; }
}
