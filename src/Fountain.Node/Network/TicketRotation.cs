using Fountain.Chain;
using Fountain.Chain.Model;

namespace Fountain.Node.Network;

/// <summary>
/// Reads the chain's ticket listing (<see cref="IChain.ListTicketsAsync"/>) in rounds of at most a given number of
/// tickets. Each round resumes after the last ticket the previous round read and wraps around to the first once, so
/// when the chain lists more tickets than a round may hold, successive rounds still visit every ticket in turn; when
/// it lists no more, every round reads the whole listing from the first ticket. One instance per reader; not
/// thread-safe (each round must finish before the next starts).
/// </summary>
internal sealed class TicketRotation(int ticketsPerPage = TicketRotation.DefaultTicketsPerPage)
{
    /// <summary>Tickets asked for per page; the chain may cap it lower (chain.http.max-listed-tickets), never higher.</summary>
    public const int DefaultTicketsPerPage = 1_000;

    private string? _resumeAfter;

    /// <summary>
    /// Visits at most <paramref name="maxTickets"/> tickets, in listing order from where the last round stopped, and
    /// returns how many it visited. A chain that cannot be read throws whatever the chain throws; the next round
    /// resumes from the same place.
    /// </summary>
    public async Task<int> ReadRoundAsync(IChain chain, int maxTickets, Action<ArtworkTicket> visit, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(visit);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTickets, 1);
        var start = _resumeAfter;
        string? cursor = start, last = null;
        bool wrapped = false;
        int visited = 0;
        while (visited < maxTickets)
        {
            var page = await chain.ListTicketsAsync(cursor, Math.Min(ticketsPerPage, maxTickets - visited), cancellation).ConfigureAwait(false);
            foreach (var ticket in page.Tickets)
            {
                // After the wrap, the round ends where it began: the ticket it started after was visited last.
                if (visited == maxTickets || (wrapped && string.CompareOrdinal(ticket.ArtworkId, start) > 0))
                {
                    _resumeAfter = visited == maxTickets ? last : null;
                    return visited;
                }
                visit(ticket);
                visited++;
                last = ticket.ArtworkId;
            }
            if (page.NextAfter is not null && (page.Tickets.Count == 0 || page.NextAfter == cursor))
                throw new InvalidDataException($"the chain's ticket listing does not progress after '{cursor}'");
            if (page.NextAfter is not null) cursor = page.NextAfter;
            else if (start is null || wrapped) break;
            else
            {
                wrapped = true;
                cursor = null;
            }
        }
        // Stopped by the bound: resume after the last ticket read. Stopped by the end of a whole pass: start over.
        _resumeAfter = visited == maxTickets ? last : null;
        return visited;
    }
}
