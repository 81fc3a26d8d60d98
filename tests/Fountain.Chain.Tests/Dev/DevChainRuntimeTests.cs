using Fountain.Testing;
using Fountain.Chain.Dev;
using Fountain.Chain.Http;
using Fountain.Chain.Identity;
using Fountain.Chain.Persistence;
using Fountain.Chain.Transactions;
using static Fountain.Chain.Tests.Support.Fixtures;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Dev;

/// <summary>The in-process chain around the rules: persist then apply, its own timer, concurrent clients, JSON round trips.</summary>
public sealed class DevChainRuntimeTests
{
    /// <summary>A log that fails its appends while <see cref="Failing"/> is set, like a full disk.</summary>
    private sealed class FlakyLog : IChainLog
    {
        private readonly InMemoryChainLog _inner = new();
        public bool Failing { get; set; }
        public Task<IReadOnlyList<ChainLogEntry>> ReadAsync(long fromSequence, int maxEntries, CancellationToken cancellation = default) => _inner.ReadAsync(fromSequence, maxEntries, cancellation);
        public Task AppendAsync(ChainLogEntry entry, CancellationToken cancellation = default) =>
            Failing ? throw new IOException("disk full") : _inner.AppendAsync(entry, cancellation);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_transaction_the_log_cannot_store_is_not_applied_and_the_chain_goes_on_when_the_log_recovers()
    {
        var log = new FlakyLog();
        var clock = new ManualClock(Start);
        await using var chain = await DevChain.StartAsync(log, Options, clock);
        using var key = NodeKey.Create();
        var state = chain.State;
        log.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => chain.SendAsync(key, new Faucet(Tokens(5))));
        clock.Advance(Options.HeightInterval);
        await Assert.ThrowsAsync<IOException>(() => chain.AdvanceAsync());
        Assert.Same(state, chain.State);
        log.Failing = false;
        Assert.True((await chain.SendAsync(key, new Faucet(Tokens(5)))).Accepted);
        Assert.Equal(1, await chain.AdvanceAsync());
        Assert.Equal(Tokens(5), (await chain.GetAccountAsync(key.Id)).AvailableBaseUnits);
    }

    [Fact]
    public async Task Rejected_junk_is_logged_with_its_reason_but_a_large_body_is_not_kept()
    {
        var log = new InMemoryChainLog();
        await using var chain = await DevChain.StartAsync(log, Options with { MaxRejectedBodyLoggedChars = 150 }, new ManualClock(Start));
        using var key = NodeKey.Create();
        var small = SignedTransaction.Create(new Transaction(chain.ChainId, 5, new Faucet(1)), key);
        var large = SignedTransaction.Create(new Transaction(chain.ChainId, 5, new Pin(new string('p', 200), 1)), key);
        Assert.False((await chain.SubmitAsync(small)).Accepted);
        Assert.False((await chain.SubmitAsync(large)).Accepted);
        var entries = await log.ReadAsync(2, 10);
        Assert.Equal(small.Body, entries[0].Body);
        Assert.Null(entries[1].Body);
        Assert.Equal((large.Id, key.PublicKeyBase64, false), (entries[1].TransactionId, entries[1].SignerPublicKey, entries[1].Accepted));
        Assert.StartsWith("bad-nonce", entries[1].Rejection);
        var listed = await chain.GetRecentTransactionsAsync(10);
        Assert.Equal(("faucet", key.Id), (listed[0].Kind, listed[0].SignerId));
        Assert.Equal((null, key.Id), (listed[1].Kind, listed[1].SignerId));
    }

    [Fact]
    public async Task A_second_writer_on_the_log_stops_the_chain()
    {
        var log = new InMemoryChainLog();
        var clock = new ManualClock(Start);
        await using var chain = await DevChain.StartAsync(log, Options, clock, ownsLog: false);
        await using var intruder = await DevChain.StartAsync(log, Options, clock, ownsLog: false);
        using var key = NodeKey.Create();
        Assert.True((await intruder.SendAsync(key, new Faucet(Tokens(1)))).Accepted);
        await Assert.ThrowsAsync<ChainLogConflictException>(() => chain.SendAsync(key, new Faucet(Tokens(1))));
        var stopped = await Assert.ThrowsAsync<InvalidOperationException>(() => chain.SendAsync(key, new Faucet(Tokens(1))));
        Assert.Contains("another process", stopped.Message);
    }

    [Fact]
    public async Task The_chains_own_timer_seals_heights_as_the_clock_moves()
    {
        var clock = new ManualClock(Start);
        await using var chain = DevChain.StartInMemory(Options, clock);
        clock.Advance(Options.HeightInterval);
        clock.Advance(Options.HeightInterval);
        // The in-memory log completes at once, so each timer callback has sealed its height when Advance returns.
        Assert.Equal(2, (await chain.GetHeadAsync()).Height);
        var sealedNow = await chain.SealNowAsync();
        Assert.Equal(3, sealedNow.Height);
    }

    [Fact]
    public async Task Many_clients_at_once_over_http_each_get_their_transactions_in_with_consecutive_nonces()
    {
        var clock = new ManualClock(Start);
        await using var chain = DevChain.StartInMemory(Options, clock);
        await using var server = await ChainServer.StartAsync(chain, new ChainServerOptions { Listen = "http://127.0.0.1:0" });
        var keys = Enumerable.Range(0, 16).Select(_ => NodeKey.Create()).ToArray();
        try
        {
            await Task.WhenAll(keys.Select(async key =>
            {
                using var client = new ChainClient(server.Address);
                for (int i = 0; i < 5; i++) Assert.True((await client.SendAsync(key, new Faucet(Tokens(1)))).Accepted);
            }));
            Assert.All(keys, k => Assert.Equal(5, chain.State.NextNonceOf(k.Id)));
            Assert.Equal(80, chain.State.PendingTransactionIds.Count);
            Assert.All(keys, k => Assert.Equal(Tokens(5), chain.State.Ledger.Account(k.Id).Available.Units));
        }
        finally
        {
            foreach (var k in keys) k.Dispose();
        }
    }

    [Fact]
    public async Task Tickets_masternodes_and_rewards_survive_the_trip_through_json()
    {
        var clock = new ManualClock(Start);
        await using var chain = DevChain.StartInMemory(Options, clock);
        await using var server = await ChainServer.StartAsync(chain, new ChainServerOptions { Listen = "http://127.0.0.1:0" });
        using var client = new ChainClient(server.Address);
        var nodes = Enumerable.Range(0, 3).Select(_ => NodeKey.Create()).ToArray();
        using var owner = NodeKey.Create();
        for (int i = 0; i < nodes.Length; i++)
        {
            await client.SendAsync(nodes[i], new Faucet(Tokens(2_000)));
            Assert.True((await client.SendAsync(nodes[i], new RegisterMasternode($"http://127.0.0.1:{6000 + i}", Tokens(1_000)))).Accepted);
        }
        await client.SendAsync(owner, new Faucet(Tokens(10)));
        var artwork = Artwork("json", blocks: 5);
        Assert.True((await client.SendAsync(owner, artwork)).Accepted);
        await chain.SealNowAsync();
        foreach (var node in nodes) Assert.True((await client.SendAsync(node, new ReportStorage(1_000, 100, 900))).Accepted); // members from height 2
        await chain.SealNowAsync();

        var custodians = Selection.Custody.Custodians(artwork.ArtworkId, await client.GetHeadAsync(), await client.GetMasternodesAsync(), 2);
        var primary = nodes.Single(n => n.Id == custodians[0]);
        var verifier = nodes.Single(n => n.Id == custodians[1]);
        var amend = new AmendArtwork(artwork.ArtworkId, 2, 0, [new Model.TicketBlock(6, Id("six"))], "heal", verifier.PublicKeyBase64, "");
        amend = amend with { VerifierSignature = Convert.ToBase64String(verifier.Sign(amend.SignedContent(chain.ChainId, primary.Id))) };
        var amended = await client.SendAsync(primary, amend);
        Assert.True(amended.Accepted, amended.Rejection);

        var ticket = (await client.GetTicketAsync(artwork.ArtworkId))!;
        var local = chain.State.Tickets[artwork.ArtworkId];
        Assert.Equal(local.AllBlocks, ticket.AllBlocks);
        Assert.Equal(local.Codec, ticket.Codec);
        Assert.Equal((local.OwnerPublicKey, local.FeePaidBaseUnits, local.HighestIndex), (ticket.OwnerPublicKey, ticket.FeePaidBaseUnits, ticket.HighestIndex));
        Assert.Equal(local.Amendments.Single() with { AddedBlocks = [] }, ticket.Amendments.Single() with { AddedBlocks = [] });
        var masternodes = await client.GetMasternodesAsync();
        Assert.Equal(chain.State.Masternodes.Values.Select(m => (m.Id, m.Endpoint, m.Storage, m.ReputationScore)), masternodes.Select(m => (m.Id, m.Endpoint, m.Storage, m.ReputationScore)));
        var rewards = (await client.GetRewardsAsync(2))!;
        Assert.True(rewards.Paid);
        Assert.Equal(3, rewards.PayoutsBaseUnits.Count);
        foreach (var n in nodes) n.Dispose();
    }
}
