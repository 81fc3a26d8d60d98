using Fountain.Testing;
using Fountain.Chain.Dev;
using Fountain.Chain.Identity;
using Fountain.Chain.Persistence;
using Fountain.Chain.Transactions;
using static Fountain.Chain.Tests.Support.Fixtures;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Persistence;

/// <summary>
/// What every chain log must do, run against SQLite and PostgreSQL alike: keep entries in order, refuse gaps and a
/// second writer, and give back a chain that is the same after a restart — same state, same head hash.
/// </summary>
public abstract class ChainLogContract
{
    /// <summary>Opens the log named <paramref name="name"/>; opening the same name again reaches the same entries.</summary>
    protected abstract Task<IChainLog> OpenAsync(string name);

    protected string UniqueName() => "t" + Guid.NewGuid().ToString("N")[..20];

    protected async Task Entries_come_back_in_order_and_a_gap_or_a_second_writer_is_refused()
    {
        var name = UniqueName();
        await using var log = await OpenAsync(name);
        Assert.Empty(await log.ReadAsync(1, 10));
        var time = new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.FromHours(2));
        var entries = new[]
        {
            new ChainLogEntry(1, ChainLogKind.Genesis, 0, time, null, "fountain-dev-x", null, null, true, null),
            new ChainLogEntry(2, ChainLogKind.Transaction, 1, time.AddSeconds(1), Id("t"), "{\"b\":\"ü\"}", "key", "sig", false, "bad-nonce: no"),
            new ChainLogEntry(3, ChainLogKind.Seal, 1, time.AddSeconds(5), null, null, null, null, true, null),
        };
        foreach (var e in entries) await log.AppendAsync(e);
        var read = await log.ReadAsync(1, 10);
        Assert.Equal(entries.Select(e => e with { Time = e.Time.ToUniversalTime() }), read.Select(e => e with { Time = e.Time.ToUniversalTime() }));
        Assert.Equal(entries[0].Time, read[0].Time); // the same instant
        Assert.Equal(entries[1..], await log.ReadAsync(2, 2), new SameInstant());
        Assert.Single(await log.ReadAsync(3, 10));

        await Assert.ThrowsAsync<ChainLogConflictException>(() => log.AppendAsync(entries[2] with { Sequence = 5 }));
        await Assert.ThrowsAsync<ChainLogConflictException>(() => log.AppendAsync(entries[2]));
        await using var second = await OpenAsync(name);
        await second.AppendAsync(entries[2] with { Sequence = 4 });
        await Assert.ThrowsAsync<ChainLogConflictException>(() => log.AppendAsync(entries[2] with { Sequence = 4 }));
        Assert.Equal(4, (await log.ReadAsync(1, 100)).Count);
    }

    private sealed class SameInstant : IEqualityComparer<ChainLogEntry>
    {
        public bool Equals(ChainLogEntry? x, ChainLogEntry? y) => x! with { Time = default } == y! with { Time = default } && x.Time == y.Time;
        public int GetHashCode(ChainLogEntry obj) => obj.Sequence.GetHashCode();
    }

    protected async Task A_restarted_chain_has_the_same_state_and_head_hash_and_goes_on()
    {
        var name = UniqueName();
        var clock = new ManualClock(Start);
        using var node = NodeKey.Create();
        using var owner = NodeKey.Create();
        string fingerprint, head;
        IReadOnlyList<Model.TransactionLogEntry> recent;
        await using (var chain = await DevChain.StartAsync(await OpenAsync(name), Options, clock))
        {
            Assert.True((await chain.SendAsync(node, new Faucet(Tokens(2_000)))).Accepted);
            Assert.True((await chain.SendAsync(node, new RegisterMasternode("http://127.0.0.1:5001", Tokens(1_000)))).Accepted);
            clock.Advance(Options.HeightInterval * 2);
            await chain.AdvanceAsync();
            Assert.True((await chain.SendAsync(owner, new Faucet(Tokens(100)))).Accepted);
            Assert.False((await chain.SendAsync(owner, Artwork("a") with { MaxFeeBaseUnits = 0 })).Accepted);
            Assert.True((await chain.SendAsync(owner, Artwork("a"))).Accepted);
            Assert.True((await chain.SendAsync(node, new ReportStorage(1_000, 10, 990))).Accepted);
            clock.Advance(Options.HeightInterval);
            await chain.AdvanceAsync();
            Assert.True((await chain.SendAsync(owner, new Transfer(node.Id, Tokens(1)))).Accepted); // pending, not yet sealed
            fingerprint = Fingerprint.Of(chain.State);
            head = (await chain.GetHeadAsync()).Hash;
            recent = await chain.GetRecentTransactionsAsync(100);
            Assert.Equal(3, chain.State.Head.Height);
        }

        var later = new ManualClock(Start + TimeSpan.FromHours(1));
        await using (var chain = await DevChain.StartAsync(await OpenAsync(name), Options, later))
        {
            Assert.Equal(fingerprint, Fingerprint.Of(chain.State));
            Assert.Equal(head, (await chain.GetHeadAsync()).Hash);
            Assert.Equal(recent, await chain.GetRecentTransactionsAsync(100));
            Assert.Equal(3, (await chain.GetHeadAsync()).Height); // the downtime is not filled with heights
            later.Advance(Options.HeightInterval);
            Assert.Equal(4, await chain.AdvanceAsync());
            Assert.True((await chain.SendAsync(owner, new Transfer(node.Id, Tokens(1)))).Accepted);
            fingerprint = Fingerprint.Of(chain.State);
        }
        await using (var chain = await DevChain.StartAsync(await OpenAsync(name), Options, later))
            Assert.Equal(fingerprint, Fingerprint.Of(chain.State));

        var other = Options with { GenesisSeed = "another chain" };
        var log = await OpenAsync(name);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => DevChain.StartAsync(log, other, later));
        Assert.Contains("holds chain", error.Message);
    }

    protected async Task A_log_whose_accepted_transaction_no_longer_replays_is_refused()
    {
        var name = UniqueName();
        var clock = new ManualClock(Start);
        using var key = NodeKey.Create();
        await using (var chain = await DevChain.StartAsync(await OpenAsync(name), Options, clock))
            Assert.True((await chain.SendAsync(key, new Faucet(Tokens(2_000)))).Accepted);
        // The same log under rules where that transaction is invalid: the replay must stop, not diverge silently.
        var log = await OpenAsync(name);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => DevChain.StartAsync(log, Options with { FaucetMaxBaseUnitsPerRequest = Tokens(1) }, clock));
        Assert.Contains("replays as rejected", error.Message);
    }
}
