using System.Collections.Immutable;

namespace Fountain.Economics.Accounts;

/// <summary>
/// One account in the Shift model (seed shift-pricing.txt, "Shift's Locking Mechanism"): an available
/// balance that can be spent, a locked balance that claims storage, the bytes that claim bought, and the
/// bytes pinned against it (each pin by id, so an UNPIN must name a pin that exists).
/// </summary>
public sealed record Account
{
    public static Account Empty { get; } = new();

    public Tokens Available { get; init; }
    public Tokens Locked { get; init; }
    public long LockedBytes { get; init; }
    public long PinnedBytes { get; init; }
    public ImmutableSortedDictionary<string, long> Pins { get; init; } = ImmutableSortedDictionary<string, long>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Available plus locked: what conservation counts.</summary>
    public Tokens Total => Available + Locked;

    public static Account WithAvailable(Tokens available) => new() { Available = available };
}
