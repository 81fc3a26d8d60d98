using Fountain.Chain.Dev;
using Fountain.Chain.Http;
using Fountain.Chain.Identity;
using Fountain.Chain.Selection;
using Fountain.Chain.Transactions;
using Fountain.Testing;
using static Fountain.Chain.Tests.Support.Fixtures;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Rules;

/// <summary>
/// A registration alone makes no member (Masternode.AwaitingFirstReport): the attack registers masternodes whose
/// endpoints never answer — one signed transaction each — so that placements, custody and rewards go to nodes that
/// will never hold a block.
/// </summary>
public sealed class MembershipTests : IDisposable
{
    private readonly NodeKey[] _honest = Enumerable.Range(0, 3).Select(_ => NodeKey.Create()).ToArray();
    private readonly NodeKey[] _ghosts = Enumerable.Range(0, 3).Select(_ => NodeKey.Create()).ToArray();

    public void Dispose()
    {
        foreach (var k in _honest.Concat(_ghosts)) k.Dispose();
    }

    [Fact]
    public void Masternodes_that_registered_and_never_reported_get_no_work_and_no_rewards()
    {
        var state = Genesis();
        for (int i = 0; i < _honest.Length; i++) state = RegisterNode(state, _honest[i], 7100 + i);
        for (int i = 0; i < _ghosts.Length; i++) state = RegisterNode(state, _ghosts[i], 7200 + i); // nothing listens there
        var ghostBalances = _ghosts.Select(g => state.Ledger.Account(g.Id).Available).ToArray();
        state = Members(state, _honest);
        state = Seal(state, 5);

        var height = state.Head.Height;
        foreach (var ghost in _ghosts)
        {
            var listed = state.Masternodes[ghost.Id];
            Assert.True(listed.AwaitingFirstReport);
            Assert.False(listed.IsMemberAt(height));
            Assert.False(listed.IsEligibleAt(height));
            Assert.False(listed.Offline); // not (yet) judged offline: still, no member
        }
        Assert.All(_honest, n => Assert.True(state.Masternodes[n.Id].IsEligibleAt(height)));

        for (int a = 0; a < 50; a++)
        {
            var custodians = Custody.Custodians(Id($"artwork-{a}"), state.Head, state.Masternodes.Values, 2);
            Assert.Equal(3, custodians.Count);
            Assert.All(_ghosts, g => Assert.DoesNotContain(g.Id, custodians));
        }
        Assert.All(_ghosts, g => Assert.DoesNotContain(g.Id, Custody.Challengers(_honest[0].Id, state.Head, state.Masternodes.Values, 3)));
        var record = state.RewardRecords[^1];
        Assert.Equal(_honest.Select(n => n.Id).Order(StringComparer.Ordinal), record.PayoutsBaseUnits.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ghostBalances, _ghosts.Select(g => state.Ledger.Account(g.Id).Available)); // seven heights, nothing earned
    }

    [Fact]
    public void Only_a_report_from_a_height_after_the_registration_makes_a_member_and_from_that_height_on()
    {
        using var node = NodeKey.Create();
        var state = RegisterNode(Genesis(), node, 7100);
        var registeredAt = state.PendingHeight;
        state = Accept(state, node, new ReportStorage(1_000, 0, 1_000)); // same height as the registration: the same script could send both
        state = Seal(state);
        Assert.True(state.Masternodes[node.Id].AwaitingFirstReport);

        state = Accept(state, node, new ReportStorage(1_000, 0, 1_000));
        var provenAt = state.PendingHeight;
        Assert.Equal(registeredAt + 1, provenAt);
        Assert.False(state.Masternodes[node.Id].IsMemberAt(state.Head.Height)); // the report's height is not sealed yet
        state = Seal(state);
        var member = state.Masternodes[node.Id];
        Assert.Equal((false, provenAt), (member.AwaitingFirstReport, member.ProvenAtHeight));
        Assert.False(member.IsMemberAt(provenAt - 1)); // epochs before it do not count it, so selections made then stay as they were
        Assert.True(member.IsMemberAt(provenAt));
        Assert.True(state.RewardRecords[^1].PayoutsBaseUnits.ContainsKey(node.Id));

        state = Accept(Seal(state, 3), node, new ReportStorage(2_000, 0, 2_000));
        Assert.Equal(provenAt, state.Masternodes[node.Id].ProvenAtHeight); // later reports change nothing
    }

    [Fact]
    public async Task The_listing_over_http_says_who_is_no_member_yet()
    {
        var clock = new ManualClock(Start);
        await using var chain = DevChain.StartInMemory(Options, clock);
        await using var server = await ChainServer.StartAsync(chain, new ChainServerOptions { Listen = "http://127.0.0.1:0" });
        using var client = new ChainClient(server.Address);
        foreach (var (node, port) in new[] { (_honest[0], 7100), (_ghosts[0], 7200) })
        {
            await client.SendAsync(node, new Faucet(Tokens(2_000)));
            Assert.True((await client.SendAsync(node, new RegisterMasternode($"http://127.0.0.1:{port}", Tokens(1_000)))).Accepted);
        }
        await chain.SealNowAsync();
        Assert.True((await client.SendAsync(_honest[0], new ReportStorage(1_000, 0, 1_000))).Accepted);
        var head = await chain.SealNowAsync();

        var listed = (await client.GetMasternodesAsync()).ToDictionary(m => m.Id);
        Assert.Equal((false, head.Height), (listed[_honest[0].Id].AwaitingFirstReport, listed[_honest[0].Id].ProvenAtHeight));
        Assert.True(listed[_honest[0].Id].IsEligibleAt(head.Height));
        Assert.True(listed[_ghosts[0].Id].AwaitingFirstReport);
        Assert.False(listed[_ghosts[0].Id].IsEligibleAt(head.Height));
    }
}
