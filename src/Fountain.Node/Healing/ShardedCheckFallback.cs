namespace Fountain.Node.Healing;

/// <summary>
/// Which of this node's artworks its healing round checks on a local actor rather than through the sharded region
/// (pure: no Akka, time given). The custodian primary sends each check to the sharded region, whose coordinator should
/// start the artwork's actor here; an artwork whose shard is not hosted here for <c>after</c> (no coordinator yet, a
/// hostile coordinator that drops the allocation or places the shard elsewhere, or this node downed out of the
/// cluster) is checked locally from then on, each round, until its shard is hosted here again. An actor elsewhere
/// heals nothing the chain accepts (the amendment must be signed by the custodian), so the delay a hostile coordinator
/// causes is about <c>after</c>.
/// </summary>
internal sealed class ShardedCheckFallback(TimeSpan after)
{
    private readonly Dictionary<string, DateTimeOffset> _untakenSince = new(StringComparer.Ordinal);

    /// <summary>Artworks whose checks have gone untaken by the sharded region on this node, as of the last round.</summary>
    public int Untaken => _untakenSince.Count;

    /// <summary>
    /// One round: <paramref name="mine"/> are the artworks checked this round, <paramref name="hostedHere"/> the
    /// artworks whose shard this node's region hosts (empty when the region does not answer). Returns those to check
    /// locally. Artworks no longer checked here are forgotten.
    /// </summary>
    public IReadOnlyList<string> Round(IReadOnlyCollection<string> mine, IReadOnlySet<string> hostedHere, DateTimeOffset now)
    {
        var current = mine as IReadOnlySet<string> ?? mine.ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _untakenSince.Keys.Where(a => !current.Contains(a)).ToList()) _untakenSince.Remove(gone);
        var local = new List<string>();
        foreach (var artwork in mine)
        {
            if (hostedHere.Contains(artwork))
            {
                _untakenSince.Remove(artwork);
                continue;
            }
            if (!_untakenSince.TryGetValue(artwork, out var since)) _untakenSince[artwork] = since = now;
            if (now - since >= after) local.Add(artwork);
        }
        return local;
    }
}
