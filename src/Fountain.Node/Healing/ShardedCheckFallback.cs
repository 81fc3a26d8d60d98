namespace Fountain.Node.Healing;

/// <summary>
/// Which of this node's artworks its healing round checks on a local actor rather than through the sharded region
/// (pure: no Akka, time given). The custodian primary sends each check to the sharded region, whose coordinator should
/// start the artwork's actor here; an artwork whose shard is not hosted here for <c>after</c> (no coordinator yet, a
/// hostile coordinator that drops the allocation or places the shard elsewhere, or this node downed out of the
/// cluster) is checked locally from then on, each round, until its shard is hosted here again. An actor elsewhere
/// heals nothing the chain accepts (the amendment must be signed by the custodian), so the delay a hostile coordinator
/// causes is about <c>after</c>. Safe to call from several threads (the loop's rounds, a check asked for now).
/// </summary>
internal sealed class ShardedCheckFallback(TimeSpan after)
{
    private readonly Dictionary<string, DateTimeOffset> _untakenSince = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Artworks whose checks have gone untaken by the sharded region on this node, as of the last round.</summary>
    public int Untaken
    {
        get { lock (_gate) return _untakenSince.Count; }
    }

    /// <summary>Whether the last rounds found the artwork's shard untaken here for at least the bound (it is checked locally).</summary>
    public bool IsOverdue(string artworkId, DateTimeOffset now)
    {
        lock (_gate) return _untakenSince.TryGetValue(artworkId, out var since) && now - since >= after;
    }

    /// <summary>
    /// One round: <paramref name="mine"/> are the artworks checked this round, <paramref name="hostedHere"/> the
    /// artworks whose shard this node's region hosts (empty when the region does not answer). Returns those to check
    /// locally. Artworks no longer checked here are forgotten.
    /// </summary>
    public IReadOnlyList<string> Round(IReadOnlyCollection<string> mine, IReadOnlySet<string> hostedHere, DateTimeOffset now)
    {
        lock (_gate) return RoundLocked(mine, hostedHere, now);
    }

    private List<string> RoundLocked(IReadOnlyCollection<string> mine, IReadOnlySet<string> hostedHere, DateTimeOffset now)
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
