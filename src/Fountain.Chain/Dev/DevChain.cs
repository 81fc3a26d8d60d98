using System.Text.Json;
using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Persistence;
using Fountain.Chain.Rules;
using Fountain.Chain.State;
using Fountain.Chain.Transactions;

namespace Fountain.Chain.Dev;

/// <summary>
/// The development chain in a process (DESIGN.md, "The chain port"): the pure <see cref="ChainRules"/> state machine,
/// a durable <see cref="IChainLog"/> and a clock. Every submitted transaction is written to the log — accepted or
/// rejected, with the reason — before the new state is published (persist, then apply), and a height is sealed every
/// <see cref="ChainOptions.HeightInterval"/> of the injected <see cref="TimeProvider"/>. Starting on an existing log
/// replays it: same state, same head hash. Reads never wait for writes: they see the last published (immutable) state.
/// </summary>
public sealed class DevChain : IChain, IChainAccounts, IAsyncDisposable
{
    /// <summary>The log file inside a chain's data directory.</summary>
    public const string LogFileName = "chain.db";

    private const int ReplayPageEntries = 10_000;

    private readonly IChainLog _log;
    private readonly bool _ownsLog;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Queue<TransactionLogEntry> _recent = new();
    private readonly Queue<ChallengeReportView> _recentChallenges = new();
    private readonly System.Threading.Lock _recentGate = new();
    private readonly TicketListing _listing = new();
    private ChainState _state;
    private long _nextSequence;
    private DateTimeOffset _nextSealAt;
    private ITimer? _timer;
    private Exception? _fault;
    private bool _disposed;

    private DevChain(IChainLog log, bool ownsLog, TimeProvider time, ChainState state)
    {
        _log = log;
        _ownsLog = ownsLog;
        _time = time;
        _state = state;
    }

    /// <summary>A chain kept in memory only, sealing heights on <paramref name="time"/>: for tests and throw-away clusters.</summary>
    public static DevChain StartInMemory(ChainOptions options, TimeProvider time) =>
        StartAsync(new InMemoryChainLog(), options, time).GetAwaiter().GetResult(); // the in-memory log completes synchronously

    /// <summary>A chain persisted in SQLite at <paramref name="dataDirectory"/>/chain.db: created, or replayed if it exists.</summary>
    public static async Task<DevChain> StartAsync(string dataDirectory, ChainOptions options, TimeProvider time, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        Directory.CreateDirectory(dataDirectory);
        return await StartAsync(new SqliteChainLog(Path.Combine(dataDirectory, LogFileName)), options, time, ownsLog: true, cancellation).ConfigureAwait(false);
    }

    /// <summary>A chain on any log (e.g. <see cref="PostgresChainLog"/>); the chain disposes the log if it owns it.</summary>
    public static async Task<DevChain> StartAsync(IChainLog log, ChainOptions options, TimeProvider time, bool ownsLog = true, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        try
        {
            if (options.Validate() is { } bad) throw new ArgumentException($"fountain.chain: {bad}", nameof(options));
            return await OpenAsync(log, options, time, ownsLog, cancellation).ConfigureAwait(false);
        }
        catch
        {
            if (ownsLog) await log.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<DevChain> OpenAsync(IChainLog log, ChainOptions options, TimeProvider time, bool ownsLog, CancellationToken cancellation)
    {
        var first = await log.ReadAsync(1, ReplayPageEntries, cancellation).ConfigureAwait(false);
        ChainState state;
        var chain = default(DevChain);
        if (first.Count == 0)
        {
            state = ChainRules.Genesis(options, time.GetUtcNow()).Value;
            chain = new DevChain(log, ownsLog, time, state) { _nextSequence = 1 };
            await chain.AppendAsync(new ChainLogEntry(0, ChainLogKind.Genesis, 0, state.Head.Time, null, state.ChainId, null, null, true, null), cancellation).ConfigureAwait(false);
        }
        else
        {
            var genesis = first[0];
            if (genesis.Kind != ChainLogKind.Genesis) throw new InvalidDataException("the chain log does not start with a genesis entry");
            state = ChainRules.Genesis(options, genesis.Time).Value;
            if (genesis.Body != state.ChainId)
                throw new InvalidDataException($"the chain log holds chain '{genesis.Body}' but this configuration (genesis seed and allocations) makes '{state.ChainId}'");
            chain = new DevChain(log, ownsLog, time, state) { _nextSequence = 2 };
            IReadOnlyList<ChainLogEntry> page = first.Skip(1).ToList();
            var exhausted = first.Count < ReplayPageEntries;
            while (true)
            {
                foreach (var entry in page) chain.Replay(entry);
                if (exhausted) break;
                page = await log.ReadAsync(chain._nextSequence, ReplayPageEntries, cancellation).ConfigureAwait(false);
                exhausted = page.Count < ReplayPageEntries;
            }
        }
        chain._nextSealAt = time.GetUtcNow() + options.HeightInterval;
        chain._timer = time.CreateTimer(static c => _ = ((DevChain)c!).TickAsync(), chain, options.HeightInterval, options.HeightInterval);
        return chain;
    }

    private void Replay(ChainLogEntry entry)
    {
        if (entry.Sequence != _nextSequence) throw new InvalidDataException($"the chain log skips from entry {_nextSequence} to {entry.Sequence}");
        _nextSequence++;
        switch (entry.Kind)
        {
            case ChainLogKind.Transaction:
                var signed = new SignedTransaction(entry.Body!, entry.SignerPublicKey!, entry.Signature!);
                if (entry.Accepted)
                {
                    if (entry.Height != _state.PendingHeight)
                        throw new InvalidDataException($"entry {entry.Sequence} was accepted into height {entry.Height}, the replay is at {_state.PendingHeight}");
                    var applied = ChainRules.Apply(_state, signed);
                    if (!applied.IsOk)
                        throw new InvalidDataException($"entry {entry.Sequence} (transaction {entry.TransactionId}) was accepted but replays as rejected ({applied.Rejection}): the rules or the log changed");
                    _state = applied.Value;
                }
                // Ids are recomputed from what the log holds (body and signer), never trusted from it: a log written
                // before ids covered the signer (tx-id v1) replays to the same state under v2 ids, and so to new height
                // hashes for the heights it sealed; the listing shows the ids those hashes commit to.
                Remember(entry.Body is null ? entry : entry with { TransactionId = signed.Id });
                break;
            case ChainLogKind.Seal:
                if (entry.Height != _state.PendingHeight) throw new InvalidDataException($"entry {entry.Sequence} seals height {entry.Height}, the replay is at {_state.PendingHeight}");
                _state = HeightSealing.Seal(_state, entry.Time);
                break;
            default:
                throw new InvalidDataException($"entry {entry.Sequence} has an unexpected kind {entry.Kind}");
        }
    }

    /// <summary>The current state (immutable): what reads see.</summary>
    public ChainState State => Volatile.Read(ref _state);

    public ChainOptions Options => State.Options;

    public string ChainId => State.ChainId;

    /// <summary>
    /// Seals every height whose time has come on the clock (one per <see cref="ChainOptions.HeightInterval"/> since the
    /// last seal, or since the start). The timer calls it; tests with a manual clock call it after advancing the clock.
    /// Returns the head height.
    /// </summary>
    public async Task<long> AdvanceAsync(CancellationToken cancellation = default)
    {
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            ThrowIfStopped();
            var now = _time.GetUtcNow();
            // After a long pause (a suspended machine, a stopped debugger) the chain does not seal a burst of empty
            // heights: it catches up at most MaxCatchUpHeights and resumes the schedule from now.
            if (now - _nextSealAt > _state.Options.HeightInterval * _state.Options.MaxCatchUpHeights)
                _nextSealAt = now - _state.Options.HeightInterval * (_state.Options.MaxCatchUpHeights - 1);
            while (_nextSealAt <= now)
            {
                var sealedState = HeightSealing.Seal(_state, _nextSealAt);
                await AppendAsync(new ChainLogEntry(0, ChainLogKind.Seal, sealedState.Head.Height, _nextSealAt, null, null, null, null, true, null), cancellation).ConfigureAwait(false);
                Volatile.Write(ref _state, sealedState);
                _nextSealAt += _state.Options.HeightInterval;
            }
            return _state.Head.Height;
        }
        finally { _gate.Release(); }
    }

    /// <summary>Seals the pending height now, whatever the clock says (tests and tools that drive heights themselves).</summary>
    public async Task<ChainHead> SealNowAsync(CancellationToken cancellation = default)
    {
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            ThrowIfStopped();
            var now = _time.GetUtcNow();
            var sealedState = HeightSealing.Seal(_state, now);
            await AppendAsync(new ChainLogEntry(0, ChainLogKind.Seal, sealedState.Head.Height, now, null, null, null, null, true, null), cancellation).ConfigureAwait(false);
            Volatile.Write(ref _state, sealedState);
            _nextSealAt = now + _state.Options.HeightInterval;
            return sealedState.Head;
        }
        finally { _gate.Release(); }
    }

    private async Task TickAsync()
    {
        try { await AdvanceAsync().ConfigureAwait(false); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failed seal changes nothing; the next tick tries again. A conflict stops the chain (see AppendAsync).
        }
    }

    public async Task<TransactionResult> SubmitAsync(SignedTransaction transaction, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        await _gate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            ThrowIfStopped();
            var id = transaction.Body is null ? "" : transaction.Id;
            var applied = ChainRules.Apply(_state, transaction);
            var height = _state.PendingHeight;
            var rejection = applied.IsOk ? null : applied.Rejection!.ToString();
            var body = applied.IsOk || transaction.Body is null || transaction.Body.Length <= _state.Options.MaxRejectedBodyLoggedChars ? transaction.Body : null;
            var entry = await AppendAsync(new ChainLogEntry(0, ChainLogKind.Transaction, height, _time.GetUtcNow(), id, body,
                transaction.SignerPublicKey, transaction.Signature, applied.IsOk, rejection), cancellation).ConfigureAwait(false);
            if (applied.IsOk) Volatile.Write(ref _state, applied.Value);
            Remember(entry);
            return new TransactionResult(id, applied.IsOk, rejection, applied.IsOk ? height : null);
        }
        finally { _gate.Release(); }
    }

    /// <summary>Appends with the next sequence number; a conflict (another writer) stops the chain for good.</summary>
    private async Task<ChainLogEntry> AppendAsync(ChainLogEntry draft, CancellationToken cancellation)
    {
        var entry = draft with { Sequence = _nextSequence };
        try { await _log.AppendAsync(entry, cancellation).ConfigureAwait(false); }
        catch (ChainLogConflictException e)
        {
            _fault = e;
            throw;
        }
        _nextSequence++;
        return entry;
    }

    private void ThrowIfStopped()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_fault is { } fault) throw new InvalidOperationException("the chain stopped: its log was written by another process", fault);
    }

    /// <summary>Adds the entry to the in-memory listing, from what the log holds, so a restart lists the same.</summary>
    private void Remember(ChainLogEntry entry)
    {
        var signerId = PublicKeys.TryDecodeBase64(entry.SignerPublicKey, out var key) ? PublicKeys.IdOf(key) : null;
        var view = new TransactionLogEntry(entry.Sequence, entry.TransactionId ?? "", signerId, KindOf(entry.Body),
            entry.Accepted, entry.Rejection, entry.Height, entry.Time);
        lock (_recentGate)
        {
            _recent.Enqueue(view);
            while (_recent.Count > _state.Options.RecentTransactionsKept) _recent.Dequeue();
            if (entry.Accepted && signerId is not null && ChallengeReportOf(entry, signerId) is { } report)
            {
                _recentChallenges.Enqueue(report);
                while (_recentChallenges.Count > _state.Options.RecentTransactionsKept) _recentChallenges.Dequeue();
            }
        }
    }

    /// <summary>The challenge report an accepted entry carries, or null for any other transaction.</summary>
    private static ChallengeReportView? ChallengeReportOf(ChainLogEntry entry, string signerId)
    {
        if (entry.Body is null) return null;
        try
        {
            return JsonSerializer.Deserialize(entry.Body, ChainJson.Default.Transaction)?.Payload is ReportChallenge p
                ? new ChallengeReportView(entry.Height, entry.Time, signerId, p.TargetId, p.ArtworkId, p.BlockId, p.Offset, p.Length, p.EpochHeight, p.Passed, p.ResponseHash)
                : null;
        }
        catch (JsonException) { return null; }
    }

    /// <summary>The payload's kind as the body names it, without checking anything (the listing shows rejected garbage too).</summary>
    private static string? KindOf(string? body)
    {
        if (body is null) return null;
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object
                && payload.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
        }
        catch (JsonException) { return null; }
    }

    // IChain: reads see the last published state.
    public Task<string> GetChainIdAsync(CancellationToken cancellation = default) => Task.FromResult(State.ChainId);
    public Task<ChainHead> GetHeadAsync(CancellationToken cancellation = default) => Task.FromResult(State.Head);
    public Task<ChainHead?> GetHeightAsync(long height, CancellationToken cancellation = default) => Task.FromResult(State.HeadAt(height));
    public Task<IReadOnlyList<Masternode>> GetMasternodesAsync(CancellationToken cancellation = default) =>
        Task.FromResult<IReadOnlyList<Masternode>>(State.Masternodes.Values.ToList());
    public Task<ArtworkTicket?> GetTicketAsync(string artworkId, CancellationToken cancellation = default) =>
        Task.FromResult(artworkId is not null && State.Tickets.TryGetValue(artworkId, out var ticket) ? ticket : null);
    public Task<long> GetNextNonceAsync(string signerId, CancellationToken cancellation = default) => Task.FromResult(State.NextNonceOf(signerId ?? ""));

    /// <summary>In process nothing is copied or sent, so a page is bounded by its ticket count alone.</summary>
    public Task<TicketPage> ListTicketsAsync(string? afterArtworkId, int maxTickets, CancellationToken cancellation = default) =>
        Task.FromResult(ListTickets(afterArtworkId, maxTickets, long.MaxValue));

    /// <summary>
    /// A page of the ticket listing bounded by tickets and by blocks (amendments included), with at least one ticket
    /// while any remain (<see cref="IChain.ListTicketsAsync"/>); the HTTP server bounds its answers with it.
    /// </summary>
    public TicketPage ListTickets(string? afterArtworkId, int maxTickets, long maxBlocks) => _listing.Page(State.Tickets, afterArtworkId, maxTickets, maxBlocks);

    // IChainAccounts
    public Task<ChainInfo> GetInfoAsync(CancellationToken cancellation = default)
    {
        var s = State;
        return Task.FromResult(new ChainInfo(s.ChainId, s.Heads[0].Hash, (long)s.Options.HeightInterval.TotalMilliseconds));
    }

    public Task<AccountView> GetAccountAsync(string accountId, CancellationToken cancellation = default) => Task.FromResult(ChainRules.AccountOf(State, accountId ?? ""));
    public Task<NetworkFigures> GetNetworkAsync(CancellationToken cancellation = default) => Task.FromResult(ChainViewsOf.Network(State));
    public Task<HeightRewardsRecord?> GetRewardsAsync(long height, CancellationToken cancellation = default) => Task.FromResult(ChainViewsOf.Rewards(State, height));

    public Task<IReadOnlyList<TransactionLogEntry>> GetRecentTransactionsAsync(int maxCount, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (_recentGate)
            return Task.FromResult<IReadOnlyList<TransactionLogEntry>>(_recent.Skip(Math.Max(0, _recent.Count - maxCount)).ToList());
    }

    /// <summary>The most recent accepted storage challenge reports, oldest first; kept like the transaction listing (rebuilt from the log on restart).</summary>
    public Task<IReadOnlyList<ChallengeReportView>> GetRecentChallengesAsync(int maxCount, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        lock (_recentGate)
            return Task.FromResult<IReadOnlyList<ChallengeReportView>>(_recentChallenges.Skip(Math.Max(0, _recentChallenges.Count - maxCount)).ToList());
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _timer?.Dispose();
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            if (_ownsLog) await _log.DisposeAsync().ConfigureAwait(false);
        }
        finally { _gate.Release(); }
    }
}
