using System.Collections.Concurrent;
using Fountain.Chain.Model;
using Fountain.Node.Network;

namespace Fountain.Node.Api;

/// <summary>
/// The sealed heads (height and hash) the read rules judge selections at, read from the chain once each: a sealed
/// height never changes. Bounded: past <see cref="MaxHeads"/> heads the cache starts over.
/// </summary>
internal sealed class EpochHeads(ChainView chain)
{
    private const int MaxHeads = 4096;
    private readonly ConcurrentDictionary<long, ChainHead> _heads = new();

    /// <summary>The head at <paramref name="height"/>, or null when the chain has not sealed it.</summary>
    public async Task<ChainHead?> AtAsync(long height, Membership membership, CancellationToken cancellation)
    {
        if (height == membership.Head.Height) return membership.Head;
        if (_heads.TryGetValue(height, out var known)) return known;
        var head = await chain.Chain.GetHeightAsync(height, cancellation).ConfigureAwait(false);
        if (head is null) return null;
        if (_heads.Count >= MaxHeads) _heads.Clear();
        _heads[height] = head;
        return head;
    }
}
