using Fountain.Testing;
using Fountain.Chain.Dev;
using Fountain.Chain.Http;
using Fountain.Chain.Identity;
using Fountain.Chain.Transactions;
using static Fountain.Chain.Tests.Support.Fixtures;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Dev;

public sealed class DevChainTests
{
    [Fact]
    public async Task Heights_advance_on_the_injected_clock_and_each_hash_chains_to_the_previous()
    {
        var clock = new ManualClock(Start);
        await using var chain = DevChain.StartInMemory(Options, clock);
        Assert.Equal(0, (await chain.GetHeadAsync()).Height);
        clock.Advance(Options.HeightInterval * 3);
        Assert.Equal(3, await chain.AdvanceAsync());
        var heads = Enumerable.Range(0, 4).Select(h => chain.GetHeightAsync(h).Result!).ToList();
        Assert.All(heads, h => Assert.Matches("^[0-9a-f]{64}$", h.Hash));
        Assert.Equal(4, heads.Select(h => h.Hash).Distinct().Count());
        Assert.Equal(Start + Options.HeightInterval * 2, heads[2].Time);
        Assert.Null(await chain.GetHeightAsync(4));
        Assert.Equal(Fountain.Chain.Rules.ChainHashes.Height(heads[1].Hash, 2, []), heads[2].Hash);
    }

    /// <summary>A clock whose time jumps with no timer firing on the way, as after a suspended machine wakes.</summary>
    private sealed class JumpingClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new Never();
        private sealed class Never : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task A_long_pause_is_not_filled_with_thousands_of_empty_heights()
    {
        var clock = new JumpingClock(Start);
        await using var chain = DevChain.StartInMemory(Options, clock);
        clock.Now += Options.HeightInterval * 10_000;
        Assert.Equal(Options.MaxCatchUpHeights, await chain.AdvanceAsync());
        clock.Now += Options.HeightInterval;
        Assert.Equal(Options.MaxCatchUpHeights + 1, await chain.AdvanceAsync());
        Assert.Equal(clock.Now, (await chain.GetHeadAsync()).Time);
    }

    [Fact]
    public async Task A_node_registers_an_owner_registers_an_artwork_and_both_are_visible()
    {
        var clock = new ManualClock(Start);
        await using var chain = DevChain.StartInMemory(Options, clock);
        using var node = NodeKey.Create();
        using var owner = NodeKey.Create();
        Assert.True((await chain.SendAsync(node, new Faucet(Tokens(2_000)))).Accepted);
        var registered = await chain.SendAsync(node, new RegisterMasternode("http://127.0.0.1:5001", Tokens(1_000)));
        Assert.True(registered.Accepted, registered.Rejection);
        Assert.Equal(1, registered.Height);
        Assert.True((await chain.SendAsync(owner, new Faucet(Tokens(100)))).Accepted);
        var artwork = Artwork("a");
        var stored = await chain.SendAsync(owner, artwork);
        Assert.True(stored.Accepted, stored.Rejection);

        var masternodes = await chain.GetMasternodesAsync();
        Assert.Equal(node.Id, Assert.Single(masternodes).Id);
        var ticket = await chain.GetTicketAsync(artwork.ArtworkId);
        Assert.NotNull(ticket);
        Assert.Equal(owner.PublicKeyBase64, ticket.OwnerPublicKey);
        Assert.Equal(artwork.Blocks, ticket.Blocks);
        Assert.True(ticket.FeePaidBaseUnits > 0);
        Assert.Equal(2, await chain.GetNextNonceAsync(owner.Id));
        var again = await chain.SendAsync(owner, artwork);
        Assert.False(again.Accepted);
        Assert.StartsWith("duplicate-artwork", again.Rejection);
        var log = await chain.GetRecentTransactionsAsync(10);
        Assert.Equal(5, log.Count);
        Assert.False(log[^1].Accepted);
        Assert.Equal("register-artwork", log[^1].Kind);
    }

    [Fact]
    public async Task Over_http_the_client_sees_what_the_chain_holds()
    {
        var clock = new ManualClock(Start);
        await using var chain = DevChain.StartInMemory(Options, clock);
        await using var server = await ChainServer.StartAsync(chain, new ChainServerOptions { Listen = "http://127.0.0.1:0" });
        Assert.True(server.Address.IsLoopback);
        using var client = new ChainClient(server.Address);
        using var node = NodeKey.Create();
        Assert.Equal(chain.ChainId, await client.GetChainIdAsync());
        Assert.True((await client.SendAsync(node, new Faucet(Tokens(2_000)))).Accepted);
        var result = await client.SendAsync(node, new RegisterMasternode("http://127.0.0.1:5001", Tokens(1_000)));
        Assert.True(result.Accepted, result.Rejection);
        clock.Advance(Options.HeightInterval);
        await chain.AdvanceAsync();
        Assert.Equal(await chain.GetHeadAsync(), await client.GetHeadAsync());
        Assert.Equal(await chain.GetHeightAsync(1), await client.GetHeightAsync(1));
        Assert.Null(await client.GetHeightAsync(99));
        Assert.Equal(node.Id, Assert.Single(await client.GetMasternodesAsync()).Id);
        Assert.Null(await client.GetTicketAsync(Id("nothing")));
        var account = await client.GetAccountAsync(node.Id);
        Assert.Equal(2, account.NextNonce);
        Assert.Equal((await chain.GetAccountAsync(node.Id)).AvailableBaseUnits, account.AvailableBaseUnits);
        Assert.Equal(2, (await client.GetRecentTransactionsAsync(10)).Count);
        Assert.Equal(1, (await client.GetNetworkAsync()).Masternodes);
        Assert.NotNull(await client.GetRewardsAsync(1));

        var replay = await client.SubmitAsync(SignedTransaction.Create(new Transaction(chain.ChainId, 0, new Faucet(1)), node));
        Assert.False(replay.Accepted);
        Assert.StartsWith("bad-nonce", replay.Rejection);
    }
}
