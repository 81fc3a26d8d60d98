using Fountain.Chain.Model;

namespace Fountain.Chain;

/// <summary>
/// What the development chain shows beyond the <see cref="IChain"/> port: accounts, the network's pricing figures,
/// the transaction log and the reward records. Separate from <see cref="IChain"/> so that fakes of the port stay small.
/// </summary>
public interface IChainAccounts
{
    Task<ChainInfo> GetInfoAsync(CancellationToken cancellation = default);

    Task<AccountView> GetAccountAsync(string accountId, CancellationToken cancellation = default);

    Task<NetworkFigures> GetNetworkAsync(CancellationToken cancellation = default);

    /// <summary>The most recent transactions, accepted and rejected, newest last.</summary>
    Task<IReadOnlyList<TransactionLogEntry>> GetRecentTransactionsAsync(int maxCount, CancellationToken cancellation = default);

    /// <summary>What a sealed height paid, or null if it is not sealed or no longer kept.</summary>
    Task<HeightRewardsRecord?> GetRewardsAsync(long height, CancellationToken cancellation = default);
}
