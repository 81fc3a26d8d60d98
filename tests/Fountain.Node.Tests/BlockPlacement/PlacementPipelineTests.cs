using System.Collections.Concurrent;
using Akka.Actor;
using Fountain.Actors.Hosting;
using Fountain.Chain.Model;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Node.BlockPlacement;
using Fountain.Node.Healing;
using Fountain.Node.Network;
using Fountain.Node.Retrieval;
using Fountain.Node.Storage;
using Fountain.Node.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fountain.Node.Tests.BlockPlacement;

/// <summary>
/// The one placement pipeline of store and heal, run for real (encoders on the codec dispatcher of a real actor system)
/// on masternodes in memory: no HTTP, no chain; and the heal's survey and the retriever on the blocks it placed.
/// </summary>
public sealed class PlacementPipelineTests : IAsyncLifetime
{
    private const int HoldersPerBlock = 2;
    private readonly ActorSystem _actors = ActorSystem.Create("placement", FountainActorsConfig.Config(codecThreads: 2));
    private readonly byte[] _archive = TestBlocks.Archive(64 * 1024, seed: 3);

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _actors.Terminate();

    private PlacementJob Job(InMemoryPeers peers, uint first, int count) =>
        new(_archive, Sha3.Hash(_archive), TestBlocks.SmallLayout.LayoutFor(_archive.Length), first, count, peers.Membership(), HoldersPerBlock)
        {
            EncodeTimeout = TimeSpan.FromMinutes(1),
            QueueBlocks = 2,
            Parallelism = 2,
        };

    private PlacementPipeline Pipeline(InMemoryPeers peers) => new(_actors, peers, NullLogger.Instance);

    [Fact]
    public async Task Every_block_goes_to_its_selected_holders_and_a_holder_that_is_down_is_listed_as_not_acknowledging()
    {
        var peers = new InMemoryPeers(6);
        var down = peers.Nodes[4].Id;
        peers.TakeOffline(down);

        var outcome = await Pipeline(peers).RunAsync(Job(peers, first: 1, count: 30) with { Encoders = 2 }, default);

        Assert.Equal(Enumerable.Range(1, 30).Select(i => (uint)i), outcome.Blocks.Select(b => b.Index));
        long uploaded = 0;
        foreach (var block in outcome.Blocks)
        {
            var selected = Placement.HoldersOf(block.Id, peers.Membership().EligibleIds, HoldersPerBlock);
            Assert.Equal(selected, block.SelectedHolders);
            Assert.Equal(selected.Where(h => h != down), block.AcknowledgedBy);
            foreach (var holder in block.AcknowledgedBy)
            {
                var bytes = peers.BlocksOf(holder)[block.Id];
                Assert.True(BlockHeader.TryParse(bytes, new BlockLimits(), out var header, out _));
                Assert.Equal(block.Index, header!.BlockIndex);
                uploaded += bytes.Length;
            }
        }
        Assert.Contains(outcome.Blocks, b => b.SelectedHolders.Contains(down)); // the down node was selected for some
        Assert.Equal(uploaded, outcome.BytesUploaded);
        // Nothing but the selected holders got a block.
        Assert.Equal(outcome.Blocks.Sum(b => b.AcknowledgedBy.Count), peers.Nodes.Sum(n => n.Id == down ? 0 : peers.BlocksOf(n.Id).Count));
    }

    [Fact]
    public async Task Slow_holders_hold_the_encoder_back_so_the_run_holds_at_most_queue_plus_placers_blocks()
    {
        var peers = new InMemoryPeers(4) { BeforePut = cancellation => Task.Delay(2, cancellation) };
        var job = Job(peers, first: 1, count: 120);

        var outcome = await Pipeline(peers).RunAsync(job, default);

        int blockBytes = outcome.Blocks.Max(b => peers.BlocksOf(b.AcknowledgedBy[0])[b.Id].Length);
        Assert.Equal(120, outcome.Acknowledged.Count());
        // Queued + being placed + the one the waiting encoder holds: 2 + 2 + 1 blocks, of the run's 120.
        Assert.InRange(outcome.PeakHeldBytes, blockBytes, (job.QueueBlocks + job.Parallelism + job.Encoders) * (long)blockBytes);
    }

    [Fact]
    public async Task A_run_that_wants_some_blocks_lists_exactly_that_many_tells_each_and_stops_the_encoder()
    {
        var peers = new InMemoryPeers(5);
        var told = new ConcurrentQueue<int>();
        var job = Job(peers, first: 101, count: 60) with
        {
            Want = 5,
            BlockPlaced = (placed, _) => { told.Enqueue(placed); return Task.CompletedTask; },
        };

        var outcome = await Pipeline(peers).RunAsync(job, default);

        Assert.Equal(5, outcome.Acknowledged.Count());
        Assert.All(outcome.Blocks, b => Assert.InRange(b.Index, 101u, 160u));
        Assert.Equal([1, 2, 3, 4, 5], told.Order());
        // The encoder stopped: far fewer of the 60 blocks were made and put than the run allowed.
        Assert.True(peers.Puts < 60 * HoldersPerBlock / 2, $"{peers.Puts} puts");
    }

    [Fact]
    public async Task Only_reachable_holders_are_tried_and_a_block_with_none_is_dropped_as_it_is_made()
    {
        var peers = new InMemoryPeers(6);
        var reachable = peers.Nodes.Take(2).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);

        var outcome = await Pipeline(peers).RunAsync(Job(peers, first: 1, count: 40) with { Reachable = reachable }, default);

        var membership = peers.Membership();
        Assert.NotEmpty(outcome.Blocks);
        Assert.True(outcome.Blocks.Count < 40, "some blocks have no reachable selected holder");
        Assert.All(outcome.Blocks, b =>
        {
            Assert.Contains(b.SelectedHolders, reachable.Contains);
            Assert.Equal(b.SelectedHolders.Where(reachable.Contains), b.AcknowledgedBy);
        });
        Assert.All(peers.Nodes.Skip(2), n => Assert.Empty(peers.BlocksOf(n.Id)));
        Assert.Equal(outcome.Blocks.Sum(b => b.AcknowledgedBy.Count), peers.Puts);
        Assert.All(outcome.Blocks, b => Assert.Equal(Placement.HoldersOf(b.Id, membership.EligibleIds, HoldersPerBlock), b.SelectedHolders));
    }

    [Fact]
    public async Task This_nodes_own_share_goes_through_its_own_intake_not_the_peers()
    {
        var peers = new InMemoryPeers(3);
        var self = peers.Nodes[0].Id;
        var taken = new ConcurrentDictionary<Hash256, int>();
        var own = new OwnShare(self, (id, bytes, _) => Task.FromResult(taken.TryAdd(id, bytes.Length)));

        var outcome = await Pipeline(peers).RunAsync(Job(peers, first: 1, count: 20) with { Own = own }, default);

        var mine = outcome.Blocks.Where(b => b.SelectedHolders.Contains(self)).ToList();
        Assert.NotEmpty(mine);
        Assert.Equal(mine.Select(b => b.Id.ToString()).Order(StringComparer.Ordinal), taken.Keys.Select(id => id.ToString()).Order(StringComparer.Ordinal));
        Assert.All(mine, b => Assert.Contains(self, b.AcknowledgedBy));
        Assert.Empty(peers.BlocksOf(self));
    }

    [Fact]
    public async Task A_cancelled_run_throws_and_stops_placing()
    {
        var peers = new InMemoryPeers(4);
        using var cancel = new CancellationTokenSource();
        peers.BeforePut = async ct =>
        {
            if (peers.Puts >= 10) await cancel.CancelAsync();
            await Task.Delay(1, ct);
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Pipeline(peers).RunAsync(Job(peers, first: 1, count: 200), cancel.Token));
        int puts = peers.Puts;
        await Task.Delay(200);
        Assert.Equal(puts, peers.Puts);
        Assert.True(puts < 200, $"{puts} puts");
    }

    [Fact]
    public async Task Blocks_placed_in_memory_are_measured_by_the_heal_survey_and_retrieved_bit_exact_without_http()
    {
        var peers = new InMemoryPeers(6);
        var parameters = TestBlocks.SmallLayout.LayoutFor(_archive.Length);
        var outcome = await Pipeline(peers).RunAsync(Job(peers, first: 1, count: parameters.BlockCountFor(3)), default);
        var p = parameters;
        var ticket = new ArtworkTicket(Sha3.Hash(_archive).ToString(), "", new CodecParameters("v1", p.ArchiveLength, p.SourceSymbols, p.SymbolBytes, p.SymbolsPerBlock, p.C, p.Delta),
            outcome.Blocks.Select(b => new TicketBlock(b.Index, b.Id.ToString())).ToList(), HoldersPerBlock, 0, 1, []);
        var down = peers.Nodes[1].Id;
        peers.TakeOffline(down);

        using var folder = new TempFolder();
        using var store = BlockStore.Open(folder.Path, 1 << 20, TimeSpan.FromMinutes(1), TimeProvider.System, new BlockLimits());
        var survey = await new RedundancySurvey(new HealingSettings(), new BlockLimits(), "a node that holds nothing", store, peers)
            .RunAsync(ticket, peers.Membership(), default);

        var stillHeld = outcome.Blocks.Where(b => b.AcknowledgedBy.Any(h => h != down)).Select(b => b.Id.ToString()).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(RedundancyMeter.Measure(ticket, stillHeld), survey.Measurement);
        Assert.Equal(peers.Nodes.Select(n => n.Id).Where(id => id != down).Order(StringComparer.Ordinal), survey.ReachableNodes.Order(StringComparer.Ordinal));
        Assert.Empty(survey.DistrustedNodes);

        var retrieved = await new ArtworkRetriever(peers, new RetrievalOptions { OrderSeed = 1 }).RetrieveAsync(ticket, peers.Nodes);
        Assert.True(retrieved.Complete);
        Assert.Equal(_archive, retrieved.Archive.ToArray());
    }
}
