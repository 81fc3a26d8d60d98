using Fountain.Chain.Model;
using Fountain.Chain.Transactions;

namespace Fountain.Chain;

/// <summary>
/// The ledger as Fountain sees it (DESIGN.md, "The chain port"): heights and their hashes, the masternode list,
/// artwork tickets, and a door for signed transactions. A real network would implement it over its blockchain;
/// Fountain ships a development chain, in process or over HTTP.
/// </summary>
public interface IChain
{
    /// <summary>Identifies this chain; transactions name it so they cannot be replayed on another.</summary>
    Task<string> GetChainIdAsync(CancellationToken cancellation = default);

    Task<ChainHead> GetHeadAsync(CancellationToken cancellation = default);

    /// <summary>A past height, for epoch seeds; null beyond the head.</summary>
    Task<ChainHead?> GetHeightAsync(long height, CancellationToken cancellation = default);

    Task<IReadOnlyList<Masternode>> GetMasternodesAsync(CancellationToken cancellation = default);

    Task<ArtworkTicket?> GetTicketAsync(string artworkId, CancellationToken cancellation = default);

    /// <summary>
    /// One page of the registered tickets, amendments included, in ordinal order of artwork id: those after
    /// <paramref name="afterArtworkId"/> (null or empty: from the first), at most <paramref name="maxTickets"/> (a chain
    /// may return fewer, but always at least one while any remain). Pass the page's <see cref="TicketPage.NextAfter"/>
    /// to read the next page; null there means the listing is complete. A ticket registered behind the cursor while
    /// paging is seen on the next pass.
    /// </summary>
    /// <exception cref="ArgumentException">The cursor is not an artwork id (64 lower-case hex digits) or <paramref name="maxTickets"/> is below 1.</exception>
    Task<TicketPage> ListTicketsAsync(string? afterArtworkId, int maxTickets, CancellationToken cancellation = default);

    /// <summary>The nonce the signer's next transaction must carry.</summary>
    Task<long> GetNextNonceAsync(string signerId, CancellationToken cancellation = default);

    Task<TransactionResult> SubmitAsync(SignedTransaction transaction, CancellationToken cancellation = default);
}
