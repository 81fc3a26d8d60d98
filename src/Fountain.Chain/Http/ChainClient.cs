using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Fountain.Chain.Model;
using Fountain.Chain.Transactions;

namespace Fountain.Chain.Http;

/// <summary>The chain could not be asked: unreachable, too slow, or it answered with an error or with nonsense.</summary>
public sealed class ChainClientException(string message, HttpStatusCode? status = null, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The HTTP status the chain answered with, if it answered.</summary>
    public HttpStatusCode? Status { get; } = status;
}

/// <summary>
/// <see cref="IChain"/> over HTTP, talking to a <see cref="ChainServer"/>. Every call has a timeout; every failure is a
/// <see cref="ChainClientException"/> that says which chain, which request and what went wrong. A transaction the
/// chain rejects is not a failure: it comes back as a <see cref="TransactionResult"/> with the reason.
/// </summary>
public sealed class ChainClient : IChain, IChainAccounts, IDisposable
{
    /// <summary>Largest answer read from the chain (a masternode list or a ticket with many blocks fits comfortably).</summary>
    public const long MaxResponseBytes = 64L << 20;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly TimeSpan _timeout;

    /// <param name="baseAddress">The chain's URL, e.g. http://127.0.0.1:7000.</param>
    /// <param name="timeout">How long one request may take (default 10 s).</param>
    public ChainClient(Uri baseAddress, TimeSpan? timeout = null)
        : this(new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan, MaxResponseContentBufferSize = MaxResponseBytes }, ownsHttp: true, timeout)
    {
    }

    /// <summary>Uses <paramref name="http"/> (with its BaseAddress set) and leaves its lifetime to the caller.</summary>
    public ChainClient(HttpClient http, TimeSpan? timeout = null) : this(http, ownsHttp: false, timeout)
    {
    }

    private ChainClient(HttpClient http, bool ownsHttp, TimeSpan? timeout)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.BaseAddress is null) throw new ArgumentException("the HttpClient needs a BaseAddress (the chain's URL)", nameof(http));
        _timeout = timeout ?? TimeSpan.FromSeconds(10);
        if (_timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "the timeout must be positive");
        _http = http;
        _ownsHttp = ownsHttp;
    }

    public Uri BaseAddress => _http.BaseAddress!;

    public async Task<string> GetChainIdAsync(CancellationToken cancellation = default) => (await GetInfoAsync(cancellation).ConfigureAwait(false)).ChainId;
    public Task<ChainInfo> GetInfoAsync(CancellationToken cancellation = default) => GetAsync(ChainRoutes.Info, ChainJson.Default.ChainInfo, cancellation)!;
    public Task<ChainHead> GetHeadAsync(CancellationToken cancellation = default) => GetAsync(ChainRoutes.Head, ChainJson.Default.ChainHead, cancellation)!;
    public Task<ChainHead?> GetHeightAsync(long height, CancellationToken cancellation = default) => GetOrNullAsync(ChainRoutes.HeightOf(height), ChainJson.Default.ChainHead, cancellation);
    public Task<IReadOnlyList<Masternode>> GetMasternodesAsync(CancellationToken cancellation = default) => GetAsync(ChainRoutes.Masternodes, ChainJson.Default.IReadOnlyListMasternode, cancellation)!;
    public Task<ArtworkTicket?> GetTicketAsync(string artworkId, CancellationToken cancellation = default) => GetOrNullAsync(ChainRoutes.TicketOf(artworkId), ChainJson.Default.ArtworkTicket, cancellation);
    public Task<TicketPage> ListTicketsAsync(string? afterArtworkId, int maxTickets, CancellationToken cancellation = default)
    {
        // Checked here as the chain would, so a caller's mistake is an ArgumentException in process and over HTTP alike.
        if (!string.IsNullOrEmpty(afterArtworkId) && !Hex.IsId(afterArtworkId))
            throw new ArgumentException("the cursor must be an artwork id: 64 lower-case hex digits", nameof(afterArtworkId));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTickets, 1);
        return GetAsync(ChainRoutes.TicketList(afterArtworkId, maxTickets), ChainJson.Default.TicketPage, cancellation)!;
    }

    public async Task<long> GetNextNonceAsync(string signerId, CancellationToken cancellation = default) => (await GetAsync(ChainRoutes.NonceOf(signerId), ChainJson.Default.NextNonce, cancellation).ConfigureAwait(false)).Nonce;
    public Task<AccountView> GetAccountAsync(string accountId, CancellationToken cancellation = default) => GetAsync(ChainRoutes.AccountOf(accountId), ChainJson.Default.AccountView, cancellation)!;
    public Task<NetworkFigures> GetNetworkAsync(CancellationToken cancellation = default) => GetAsync(ChainRoutes.Network, ChainJson.Default.NetworkFigures, cancellation)!;
    public Task<HeightRewardsRecord?> GetRewardsAsync(long height, CancellationToken cancellation = default) => GetOrNullAsync(ChainRoutes.RewardsOf(height), ChainJson.Default.HeightRewardsRecord, cancellation);
    public Task<IReadOnlyList<TransactionLogEntry>> GetRecentTransactionsAsync(int maxCount, CancellationToken cancellation = default) =>
        GetAsync(ChainRoutes.RecentTransactions(maxCount), ChainJson.Default.IReadOnlyListTransactionLogEntry, cancellation)!;

    /// <summary>The most recent accepted storage challenge reports, oldest first (at most the chain's recent-transactions-kept).</summary>
    public Task<IReadOnlyList<ChallengeReportView>> GetRecentChallengesAsync(int maxCount, CancellationToken cancellation = default) =>
        GetAsync(ChainRoutes.RecentChallenges(maxCount), ChainJson.Default.IReadOnlyListChallengeReportView, cancellation)!;

    public async Task<TransactionResult> SubmitAsync(SignedTransaction transaction, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var body = JsonSerializer.SerializeToUtf8Bytes(transaction, ChainJson.Default.SignedTransaction);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await SendAsync(HttpMethod.Post, ChainRoutes.Transactions, content, ChainJson.Default.TransactionResult,
            status => status is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, notFoundIsNull: false, cancellation).ConfigureAwait(false)
            ?? throw new ChainClientException($"POST {ChainRoutes.Transactions} on {BaseAddress}: the answer was empty");
    }

    private async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellation) =>
        await SendAsync(HttpMethod.Get, path, null, type, status => status == HttpStatusCode.OK, notFoundIsNull: false, cancellation).ConfigureAwait(false)
        ?? throw new ChainClientException($"GET {path} on {BaseAddress}: the answer was empty");

    private Task<T?> GetOrNullAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellation) where T : class =>
        SendAsync(HttpMethod.Get, path, null, type, status => status == HttpStatusCode.OK, notFoundIsNull: true, cancellation);

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> type, Func<HttpStatusCode, bool> expected,
        bool notFoundIsNull, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(_timeout);
        var what = $"{method} {path} on {BaseAddress}";
        try
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound) return default;
            if (!expected(response.StatusCode))
            {
                var error = await ErrorOf(response, timeout.Token).ConfigureAwait(false);
                throw new ChainClientException($"{what}: {(int)response.StatusCode} {response.ReasonPhrase}{(error is null ? "" : $": {error}")}", response.StatusCode);
            }
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            return await JsonSerializer.DeserializeAsync(stream, type, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new ChainClientException($"{what}: no answer within {_timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            throw new ChainClientException($"{what}: the chain cannot be reached ({e.Message})", e.StatusCode, e);
        }
        catch (JsonException e)
        {
            throw new ChainClientException($"{what}: the answer is not what a Fountain chain sends ({e.Message})", inner: e);
        }
    }

    private static async Task<string?> ErrorOf(HttpResponseMessage response, CancellationToken cancellation)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
            try { return JsonSerializer.Deserialize(text, ChainJson.Default.ChainError)?.Error ?? text; }
            catch (JsonException) { return text.Length > 500 ? text[..500] : text; }
        }
        catch (HttpRequestException) { return null; }
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
