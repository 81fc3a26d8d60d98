namespace Fountain.Chain.Http;

/// <summary>The development chain's HTTP paths, shared by <see cref="ChainServer"/> and <see cref="ChainClient"/>.</summary>
internal static class ChainRoutes
{
    public const string Info = "/chain/info";
    public const string Head = "/chain/head";
    public const string Height = "/chain/heights/{height:long}";
    public const string Masternodes = "/chain/masternodes";
    public const string Ticket = "/chain/tickets/{artworkId}";
    public const string Tickets = "/chain/tickets";
    public const string Account = "/chain/accounts/{accountId}";
    public const string Nonce = "/chain/nonces/{signerId}";
    public const string Network = "/chain/network";
    public const string Rewards = "/chain/rewards/{height:long}";
    public const string Transactions = "/chain/transactions";
    public const string Challenges = "/chain/challenges";

    public static string HeightOf(long height) => $"/chain/heights/{height}";
    public static string TicketOf(string artworkId) => $"/chain/tickets/{Uri.EscapeDataString(artworkId)}";
    public static string TicketList(string? after, int max) =>
        string.IsNullOrEmpty(after) ? $"/chain/tickets?max={max}" : $"/chain/tickets?after={Uri.EscapeDataString(after)}&max={max}";
    public static string AccountOf(string accountId) => $"/chain/accounts/{Uri.EscapeDataString(accountId)}";
    public static string NonceOf(string signerId) => $"/chain/nonces/{Uri.EscapeDataString(signerId)}";
    public static string RewardsOf(long height) => $"/chain/rewards/{height}";
    public static string RecentTransactions(int max) => $"/chain/transactions?max={max}";
    public static string RecentChallenges(int max) => $"/chain/challenges?max={max}";
}
