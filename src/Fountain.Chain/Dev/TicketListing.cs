using System.Collections.Immutable;
using Fountain.Chain.Model;

namespace Fountain.Chain.Dev;

/// <summary>
/// Pages of the chain's tickets in ordinal artwork-id order (<see cref="IChain.ListTicketsAsync"/>). The tickets live in
/// an immutable sorted dictionary, which can be walked but not searched by position, so the listing keeps the sorted
/// ids of the last ticket set it saw and finds a cursor by binary search: a page costs O(log n + page) while the set
/// is unchanged, and one O(n) copy of the ids after each registration or amendment. Thread-safe.
/// </summary>
internal sealed class TicketListing
{
    private readonly System.Threading.Lock _gate = new();
    private ImmutableSortedDictionary<string, ArtworkTicket>? _indexed;
    private string[] _ids = [];

    /// <summary>
    /// The tickets after <paramref name="afterArtworkId"/> (null or empty: from the first): at most
    /// <paramref name="maxTickets"/>, and no more blocks in all (amendments included) than <paramref name="maxBlocks"/>,
    /// except that a page always holds at least one ticket while any remain, so paging always progresses.
    /// </summary>
    public TicketPage Page(ImmutableSortedDictionary<string, ArtworkTicket> tickets, string? afterArtworkId, int maxTickets, long maxBlocks)
    {
        ArgumentNullException.ThrowIfNull(tickets);
        if (!string.IsNullOrEmpty(afterArtworkId) && !Hex.IsId(afterArtworkId))
            throw new ArgumentException("the cursor must be an artwork id: 64 lower-case hex digits", nameof(afterArtworkId));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTickets, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlocks, 1);
        var ids = IdsOf(tickets);
        int start = 0;
        if (!string.IsNullOrEmpty(afterArtworkId))
        {
            int found = Array.BinarySearch(ids, afterArtworkId, StringComparer.Ordinal);
            start = found >= 0 ? found + 1 : ~found;
        }
        var page = new List<ArtworkTicket>(Math.Min(maxTickets, ids.Length - start));
        long blocks = 0;
        int next = start;
        for (; next < ids.Length && page.Count < maxTickets; next++)
        {
            var ticket = tickets[ids[next]];
            long count = ticket.Blocks.Count + ticket.Amendments.Sum(a => (long)a.AddedBlocks.Count);
            if (page.Count > 0 && blocks + count > maxBlocks) break;
            page.Add(ticket);
            blocks += count;
        }
        return new TicketPage(page, next < ids.Length && page.Count > 0 ? page[^1].ArtworkId : null);
    }

    private string[] IdsOf(ImmutableSortedDictionary<string, ArtworkTicket> tickets)
    {
        lock (_gate)
        {
            // The dictionary is immutable: the same instance always holds the same ids. An amendment makes a new
            // instance with the same ids, which costs a copy here; cheap next to the amendment's own work.
            if (!ReferenceEquals(tickets, _indexed))
            {
                _ids = tickets.Keys.ToArray();
                _indexed = tickets;
            }
            return _ids;
        }
    }
}
