using Fountain.Chain;
using Fountain.Chain.Model;
using Fountain.Chain.Transactions;
using Fountain.Node.Network;

namespace Fountain.Cluster.Tests.Listing;

/// <summary>TicketRotation: bounded rounds over the chain's listing that, one after another, visit every ticket.</summary>
public sealed class TicketRotationTests
{
    /// <summary>A listing of <paramref name="count"/> tickets whose pages hold at most <paramref name="pageCap"/> (like a server's cap).</summary>
    private sealed class ListingOnly(int count, int pageCap, bool stuck = false) : IChain
    {
        public readonly List<ArtworkTicket> Tickets = Enumerable.Range(0, count)
            .Select(i => new ArtworkTicket($"{i:x64}", "", new CodecParameters("v1", 1, 1, 1, 1, 0.03, 0.5), [], 1, 0, 1, [])).ToList();
        public int Pages { get; private set; }

        public Task<TicketPage> ListTicketsAsync(string? afterArtworkId, int maxTickets, CancellationToken cancellation = default)
        {
            Pages++;
            if (stuck) return Task.FromResult(new TicketPage([], afterArtworkId ?? Tickets[0].ArtworkId));
            var after = Tickets.Where(t => string.CompareOrdinal(t.ArtworkId, afterArtworkId ?? "") > 0).ToList();
            var page = after.Take(Math.Min(maxTickets, pageCap)).ToList();
            return Task.FromResult(new TicketPage(page, after.Count > page.Count ? page[^1].ArtworkId : null));
        }

        public Task<string> GetChainIdAsync(CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<ChainHead> GetHeadAsync(CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<ChainHead?> GetHeightAsync(long height, CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<Masternode>> GetMasternodesAsync(CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<ArtworkTicket?> GetTicketAsync(string artworkId, CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<long> GetNextNonceAsync(string signerId, CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<TransactionResult> SubmitAsync(SignedTransaction transaction, CancellationToken cancellation = default) => throw new NotSupportedException();
    }

    private static async Task<List<int>> Round(TicketRotation rotation, ListingOnly chain, int max)
    {
        var seen = new List<int>();
        int visited = await rotation.ReadRoundAsync(chain, max, t => seen.Add(Convert.ToInt32(t.ArtworkId, 16)), CancellationToken.None);
        Assert.Equal(seen.Count, visited);
        return seen;
    }

    [Fact]
    public async Task A_bound_above_the_listing_reads_everything_each_round_in_pages_the_chain_caps()
    {
        var chain = new ListingOnly(10, pageCap: 3);
        var rotation = new TicketRotation();
        for (int round = 0; round < 3; round++) Assert.Equal(Enumerable.Range(0, 10), await Round(rotation, chain, 50));
        Assert.Equal(3 * 4, chain.Pages);
    }

    [Fact]
    public async Task A_bound_below_the_listing_resumes_and_wraps_so_successive_rounds_visit_every_ticket()
    {
        var chain = new ListingOnly(10, pageCap: 3);
        var rotation = new TicketRotation();
        Assert.Equal([0, 1, 2, 3], await Round(rotation, chain, 4));
        Assert.Equal([4, 5, 6, 7], await Round(rotation, chain, 4));
        Assert.Equal([8, 9, 0, 1], await Round(rotation, chain, 4));
        Assert.Equal([2, 3, 4, 5], await Round(rotation, chain, 4));
        // A round whose bound reaches past its own start stops there: no ticket twice in one round.
        Assert.Equal([6, 7, 8, 9, 0, 1, 2, 3, 4, 5], await Round(rotation, chain, 25));
        Assert.Equal(Enumerable.Range(0, 10), await Round(rotation, chain, 25)); // then whole passes from the first
    }

    [Fact]
    public async Task An_empty_listing_visits_nothing_and_a_listing_that_does_not_progress_is_an_error()
    {
        Assert.Empty(await Round(new TicketRotation(), new ListingOnly(0, 3), 5));
        await Assert.ThrowsAsync<InvalidDataException>(() => Round(new TicketRotation(), new ListingOnly(5, 3, stuck: true), 5));
    }
}
