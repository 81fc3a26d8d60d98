using Fountain.Chain.Dev;
using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Transactions;
using Fountain.Testing;
using static Fountain.Chain.Tests.Support.Fixtures;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Transactions;

/// <summary>The one sender of transactions: turns, nonce order, bad-nonce retries, rejections, cancellation.</summary>
public sealed class ChainSenderTests : IAsyncLifetime
{
    private DevChain _dev = null!;
    private readonly NodeKey _key = NodeKey.Create();

    public Task InitializeAsync()
    {
        _dev = DevChain.StartInMemory(Options, new ManualClock(Start));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _dev.DisposeAsync();
        _key.Dispose();
    }

    [Fact]
    public async Task Many_concurrent_sends_from_one_signer_are_all_accepted_one_at_a_time_in_nonce_order()
    {
        var chain = new WatchedChain(_dev);
        var sender = new ChainSender(chain, _key);
        const int sends = 40;
        // Every send starts on its own thread-pool task; the watched chain yields inside each call so that sends interleave.
        var results = await Task.WhenAll(Enumerable.Range(1, sends).Select(i => Task.Run(() => sender.SendAsync(new Faucet(i)))));

        Assert.All(results, r => Assert.True(r.Accepted, r.Rejection));
        Assert.Equal(Enumerable.Range(0, sends).Select(n => (long)n), chain.SubmittedNonces); // no gap, no repeat, no retry
        Assert.Equal(1, chain.MostInFlight);
        Assert.Equal(sends, await _dev.GetNextNonceAsync(_key.Id));
        Assert.Equal(Enumerable.Range(1, sends).Sum(), (await _dev.GetAccountAsync(_key.Id)).AvailableBaseUnits);
        Assert.Equal(1, chain.ChainIdReads); // read by the first send, then reused
    }

    [Fact]
    public async Task A_competing_sender_with_the_same_key_takes_the_nonce_and_the_payload_is_signed_again_with_the_next()
    {
        // Another process signing with the same key, modelled by a second sender that sends between this one's
        // nonce read and its submission, once.
        var other = new ChainSender(_dev, _key);
        var stolen = new List<TransactionResult>();
        var chain = new WatchedChain(_dev) { BeforeSubmit = async () => { if (stolen.Count == 0) stolen.Add(await other.SendAsync(new Faucet(7))); } };

        var result = await new ChainSender(chain, _key).SendAsync(new Faucet(5));

        Assert.True(result.Accepted, result.Rejection);
        Assert.True(Assert.Single(stolen).Accepted);
        Assert.Equal([0L, 1L], chain.SubmittedNonces);
        Assert.Equal(2, await _dev.GetNextNonceAsync(_key.Id));
        Assert.Equal(12, (await _dev.GetAccountAsync(_key.Id)).AvailableBaseUnits);
    }

    [Fact]
    public async Task When_every_attempt_loses_its_nonce_the_bad_nonce_rejection_is_returned_not_thrown()
    {
        var other = new ChainSender(_dev, _key);
        var chain = new WatchedChain(_dev) { BeforeSubmit = async () => Assert.True((await other.SendAsync(new Faucet(1))).Accepted) };

        var result = await new ChainSender(chain, _key, attempts: 3).SendAsync(new Faucet(5));

        Assert.False(result.Accepted);
        Assert.True(ChainSender.IsBadNonce(result), result.Rejection);
        Assert.Equal([0L, 1L, 2L], chain.SubmittedNonces);
        Assert.Equal(3, (await _dev.GetAccountAsync(_key.Id)).AvailableBaseUnits); // only the competitor's three landed
    }

    [Fact]
    public async Task Any_other_rejection_is_returned_after_one_submission()
    {
        var chain = new WatchedChain(_dev);
        var result = await new ChainSender(chain, _key).SendAsync(new RegisterMasternode("http://127.0.0.1:5001", Tokens(1_000)));
        Assert.False(result.Accepted);
        Assert.False(ChainSender.IsBadNonce(result));
        Assert.Single(chain.SubmittedNonces);
    }

    [Fact]
    public async Task A_send_cancelled_while_waiting_for_its_turn_submits_nothing_and_the_turn_passes_on()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var chain = new WatchedChain(_dev) { BeforeSubmit = () => { entered.TrySetResult(); return hold.Task; } };
        var sender = new ChainSender(chain, _key);
        var first = sender.SendAsync(new Faucet(1));
        await entered.Task; // the first send holds the turn, about to submit
        using var cancel = new CancellationTokenSource();
        var waiting = sender.SendAsync(new Faucet(2), cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sender.SendAsync(new Faucet(3), cancel.Token));

        hold.SetResult();
        Assert.True((await first).Accepted);
        Assert.True((await sender.SendAsync(new Faucet(4))).Accepted);
        Assert.Equal([0L, 1L], chain.SubmittedNonces);
        Assert.Equal(5, (await _dev.GetAccountAsync(_key.Id)).AvailableBaseUnits);
    }

    [Fact]
    public void A_sender_needs_at_least_one_attempt() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ChainSender(_dev, _key, attempts: 0));

    /// <summary>
    /// The chain as a sender sees it, watched: the nonces submitted in order, how many sends were between their nonce read
    /// and the end of their submission at once, and a hook run between the two. Each call yields first, so that
    /// concurrent sends really interleave (the in-memory chain would otherwise complete them synchronously).
    /// </summary>
    private sealed class WatchedChain(IChain inner) : IChain
    {
        private readonly object _gate = new();
        private readonly List<long> _submitted = [];
        private int _inFlight, _mostInFlight, _chainIdReads;

        public Func<Task>? BeforeSubmit { get; init; }
        public IReadOnlyList<long> SubmittedNonces { get { lock (_gate) return [.. _submitted]; } }
        public int MostInFlight => Volatile.Read(ref _mostInFlight);
        public int ChainIdReads => Volatile.Read(ref _chainIdReads);

        public async Task<string> GetChainIdAsync(CancellationToken cancellation = default)
        {
            await Task.Yield();
            Interlocked.Increment(ref _chainIdReads);
            return await inner.GetChainIdAsync(cancellation);
        }

        public async Task<long> GetNextNonceAsync(string signerId, CancellationToken cancellation = default)
        {
            lock (_gate) _mostInFlight = Math.Max(_mostInFlight, ++_inFlight);
            await Task.Yield();
            return await inner.GetNextNonceAsync(signerId, cancellation);
        }

        public async Task<TransactionResult> SubmitAsync(SignedTransaction transaction, CancellationToken cancellation = default)
        {
            try
            {
                if (BeforeSubmit is { } hook) await hook();
                await Task.Yield();
                transaction.TryOpen(out var opened, out _);
                lock (_gate) _submitted.Add(opened!.Nonce);
                return await inner.SubmitAsync(transaction, cancellation);
            }
            finally
            {
                lock (_gate) _inFlight--;
            }
        }

        public Task<ChainHead> GetHeadAsync(CancellationToken cancellation = default) => inner.GetHeadAsync(cancellation);
        public Task<ChainHead?> GetHeightAsync(long height, CancellationToken cancellation = default) => inner.GetHeightAsync(height, cancellation);
        public Task<IReadOnlyList<Masternode>> GetMasternodesAsync(CancellationToken cancellation = default) => inner.GetMasternodesAsync(cancellation);
        public Task<ArtworkTicket?> GetTicketAsync(string artworkId, CancellationToken cancellation = default) => inner.GetTicketAsync(artworkId, cancellation);
        public Task<TicketPage> ListTicketsAsync(string? afterArtworkId, int maxTickets, CancellationToken cancellation = default) =>
            inner.ListTicketsAsync(afterArtworkId, maxTickets, cancellation);
    }
}
