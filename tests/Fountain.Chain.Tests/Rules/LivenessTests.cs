using Fountain.Testing;
using Fountain.Chain.Dev;
using Fountain.Chain.Http;
using Fountain.Chain.Identity;
using Fountain.Chain.Rules;
using Fountain.Chain.Selection;
using Fountain.Chain.State;
using Fountain.Chain.Transactions;
using static Fountain.Chain.Tests.Support.Fixtures;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Rules;

/// <summary>
/// On-chain liveness: a masternode is seen at a sealed height that includes its registration or a storage report,
/// and is offline (no rewards, no new work) once a sealed height's time is more than offline-after past that.
/// Heights are sealed 5 s apart (Fixtures.Seal), so a 30 s window is six heights.
/// </summary>
public sealed class LivenessTests : IDisposable
{
    private static readonly ChainOptions Windowed = Options with { OfflineAfter = TimeSpan.FromSeconds(30) };
    private readonly NodeKey[] _nodes = Enumerable.Range(0, 4).Select(_ => NodeKey.Create()).ToArray();

    public void Dispose()
    {
        foreach (var n in _nodes) n.Dispose();
    }

    private NodeKey Reporter => _nodes[0];
    private NodeKey Silent => _nodes[1];

    /// <summary>Four member masternodes: registered at height 1, each reporting at height 2 (all seen at height 2).</summary>
    private ChainState Network(ChainOptions options)
    {
        var state = Genesis(options);
        for (int i = 0; i < _nodes.Length; i++) state = RegisterNode(state, _nodes[i], 5101 + i);
        return Members(state, _nodes);
    }

    /// <summary>Seals <paramref name="heights"/> heights; before each, the given nodes report their storage.</summary>
    private static ChainState SealReporting(ChainState state, int heights, params NodeKey[] reporters)
    {
        for (int h = 0; h < heights; h++)
        {
            foreach (var node in reporters) state = Accept(state, node, new ReportStorage(1_000, 0, 1_000));
            state = Seal(state);
        }
        return state;
    }

    [Fact]
    public void A_silent_node_goes_offline_after_the_window_earns_nothing_gets_no_work_and_a_report_brings_it_back()
    {
        var state = Network(Windowed);
        var registered = state.Masternodes[Silent.Id];
        Assert.Equal((2L, (DateTimeOffset?)state.Head.Time, false, 1L), (registered.LastSeenHeight, registered.LastSeenTime, registered.Offline, registered.OnlineSinceHeight));

        var others = _nodes.Where(n => n != Silent).ToArray();
        state = SealReporting(state, 6, others); // height 8 is exactly 30 s after height 2: not more than the window
        Assert.False(state.Masternodes[Silent.Id].Offline);
        Assert.True(state.RewardRecords[^1].PayoutsBaseUnits.ContainsKey(Silent.Id));

        state = SealReporting(state, 1, others); // height 9: 35 s unseen
        var silent = state.Masternodes[Silent.Id];
        Assert.True(silent.Offline);
        Assert.Equal(2, silent.LastSeenHeight);
        Assert.False(silent.IsEligibleAt(state.Head.Height));
        Assert.All(others, n => Assert.False(state.Masternodes[n.Id].Offline));
        Assert.Equal(state.Head.Height, state.Masternodes[Reporter.Id].LastSeenHeight);
        var record = state.RewardRecords[^1];
        Assert.Equal([Silent.Id], record.OfflineIds);
        Assert.False(record.PayoutsBaseUnits.ContainsKey(Silent.Id));
        Assert.Equal(3, record.PayoutsBaseUnits.Count);
        Assert.Equal(Options.Economics.Rewards.RewardPerHeight.Units / 3, record.PayoutsBaseUnits[Reporter.Id]);
        // Custody and audits are computed from the masternode list, so they skip it too.
        for (int a = 0; a < 20; a++)
            Assert.DoesNotContain(Silent.Id, Custody.Custodians(Id($"artwork-{a}"), state.Head, state.Masternodes.Values, 3));
        Assert.DoesNotContain(Silent.Id, Custody.Challengers(Reporter.Id, state.Head, state.Masternodes.Values, 3));

        var before = state.Ledger.Account(Silent.Id).Available.Units;
        state = SealReporting(state, 5, others);
        Assert.Equal(before, state.Ledger.Account(Silent.Id).Available.Units); // nothing earned while offline

        state = SealReporting(state, 1, _nodes); // its report is sealed: back
        silent = state.Masternodes[Silent.Id];
        Assert.False(silent.Offline);
        Assert.Equal((state.Head.Height, (DateTimeOffset?)state.Head.Time), (silent.LastSeenHeight, silent.LastSeenTime));
        Assert.Equal(state.Head.Height, silent.OnlineSinceHeight); // back from offline: blocks placed before may have missed it
        Assert.Equal(1, state.Masternodes[Reporter.Id].OnlineSinceHeight); // online all along
        Assert.True(silent.IsEligibleAt(state.Head.Height));
        Assert.Empty(state.RewardRecords[^1].OfflineIds);
        Assert.Equal(Options.Economics.Rewards.RewardPerHeight.Units / 4, state.RewardRecords[^1].PayoutsBaseUnits[Silent.Id]);
    }

    [Fact]
    public void A_report_that_is_not_yet_sealed_does_not_count_and_a_rejected_one_changes_nothing()
    {
        var state = SealReporting(Network(Windowed), 7, Reporter);
        Assert.True(state.Masternodes[Silent.Id].Offline);
        state = Accept(state, Silent, new ReportStorage(1_000, 0, 1_000));
        Assert.True(state.Masternodes[Silent.Id].Offline); // seen only when the height that holds the report is sealed
        Reject(state, _nodes[2], new ReportStorage(10, 20, 0), "bad-bytes");
        state = Seal(state);
        Assert.False(state.Masternodes[Silent.Id].Offline);
        Assert.True(state.Masternodes[_nodes[2].Id].Offline);
    }

    [Fact]
    public void Judged_at_seal_time_a_long_pause_between_seals_marks_nobody_who_reported_offline()
    {
        var state = Network(Windowed);
        foreach (var node in _nodes) state = Accept(state, node, new ReportStorage(1_000, 0, 1_000));
        // The chain sealed nothing for ten minutes; the height that finally closes holds everyone's report.
        state = HeightSealing.Seal(state, state.Head.Time + TimeSpan.FromMinutes(10));
        Assert.All(state.Masternodes.Values, m => Assert.False(m.Offline));
        Assert.Empty(state.RewardRecords[^1].OfflineIds);
    }

    [Fact]
    public async Task After_a_pause_the_catch_up_heights_nobody_could_report_in_flag_nobody_and_the_next_report_judges_again()
    {
        var clock = new ManualClock(Start);
        await using var chain = DevChain.StartInMemory(Windowed, clock);
        foreach (var node in _nodes.Take(2))
        {
            await chain.SendAsync(node, new Faucet(Tokens(2_000)));
            Assert.True((await chain.SendAsync(node, new RegisterMasternode($"http://127.0.0.1:{5301 + Array.IndexOf(_nodes, node)}", Tokens(1_000)))).Accepted);
        }
        clock.Advance(Windowed.HeightInterval);
        Assert.Equal(1, await chain.AdvanceAsync());
        foreach (var node in _nodes.Take(2)) Assert.True((await chain.SendAsync(node, new ReportStorage(1_000, 0, 1_000))).Accepted); // members from height 2
        clock.Advance(Windowed.HeightInterval);
        Assert.Equal(2, await chain.AdvanceAsync());

        // Ten minutes pass with no transaction (the machine slept, or the chain's timer ran alone): heights nobody reported in.
        clock.Advance(TimeSpan.FromMinutes(10));
        var head = await chain.AdvanceAsync();
        Assert.True(head - 2 > Windowed.OfflineAfter / Windowed.HeightInterval, $"only {head - 2} heights were sealed in the pause");
        Assert.True(chain.State.Head.Time - chain.State.Heads[2].Time > Windowed.OfflineAfter);
        Assert.All(chain.State.Masternodes.Values, m => Assert.False(m.Offline));
        Assert.Equal(2, chain.State.RewardRecords[^1].PayoutsBaseUnits.Count);

        // The first height a node reports in again judges everyone: the silent one has not been seen for too long.
        Assert.True((await chain.SendAsync(Reporter, new ReportStorage(1_000, 0, 1_000))).Accepted);
        clock.Advance(Windowed.HeightInterval);
        await chain.AdvanceAsync();
        Assert.False(chain.State.Masternodes[Reporter.Id].Offline);
        Assert.True(chain.State.Masternodes[Silent.Id].Offline);
    }

    [Fact]
    public void Zero_turns_liveness_off()
    {
        var state = SealReporting(Network(Options with { OfflineAfter = TimeSpan.Zero }), 100);
        Assert.All(state.Masternodes.Values, m => Assert.False(m.Offline));
        Assert.All(state.Masternodes.Values, m => Assert.Equal(2, m.LastSeenHeight)); // still recorded
        Assert.Equal(4, state.RewardRecords[^1].PayoutsBaseUnits.Count);
    }

    [Fact]
    public void A_negative_window_is_refused_and_the_chain_does_not_start()
    {
        var bad = Options with { OfflineAfter = TimeSpan.FromSeconds(-1) };
        Assert.Contains("offline-after", bad.Validate());
        Assert.Throws<ArgumentException>(() => DevChain.StartInMemory(bad, new ManualClock(Start)));
        Assert.Null((Options with { OfflineAfter = TimeSpan.FromSeconds(1) }).Validate());
    }

    [Fact]
    public async Task The_dev_chain_on_its_clock_flags_offline_nodes_and_the_flags_travel_over_http()
    {
        var clock = new ManualClock(Start);
        await using var chain = DevChain.StartInMemory(Windowed, clock);
        await using var server = await ChainServer.StartAsync(chain, new ChainServerOptions { Listen = "http://127.0.0.1:0" });
        using var client = new ChainClient(server.Address);
        foreach (var node in _nodes.Take(2))
        {
            await client.SendAsync(node, new Faucet(Tokens(2_000)));
            Assert.True((await client.SendAsync(node, new RegisterMasternode($"http://127.0.0.1:{5201 + Array.IndexOf(_nodes, node)}", Tokens(1_000)))).Accepted);
        }
        for (int h = 0; h < 8; h++) // 40 s of heights; only the reporter reports
        {
            Assert.True((await client.SendAsync(Reporter, new ReportStorage(1_000, 0, 1_000))).Accepted);
            clock.Advance(Windowed.HeightInterval);
            await chain.AdvanceAsync();
        }
        var listed = (await client.GetMasternodesAsync()).ToDictionary(m => m.Id);
        Assert.True(listed[Silent.Id].Offline);
        Assert.False(listed[Reporter.Id].Offline);
        Assert.Equal(chain.State.Masternodes[Silent.Id].LastSeenTime, listed[Silent.Id].LastSeenTime);
        Assert.Equal((1L, chain.State.Head.Height), (listed[Silent.Id].LastSeenHeight, listed[Reporter.Id].LastSeenHeight));
        Assert.Equal([Silent.Id], (await client.GetRewardsAsync(chain.State.Head.Height))!.OfflineIds);
    }
}
