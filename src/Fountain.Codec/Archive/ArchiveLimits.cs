namespace Fountain.Codec.Archive;

/// <summary>What extraction accepts. Hostile archives are refused when they reach a limit, before they fill a disk.</summary>
public sealed record ArchiveLimits
{
    /// <summary>Bytes of file content an archive may expand to.</summary>
    public long MaxExtractedBytes { get; init; } = 16L << 30;

    /// <summary>Entries (files, folders, links) an archive may hold.</summary>
    public int MaxEntries { get; init; } = 100_000;

    /// <summary>Characters in one entry's path.</summary>
    public int MaxPathLength { get; init; } = 4096;

    public static ArchiveLimits Default { get; } = new();
}
