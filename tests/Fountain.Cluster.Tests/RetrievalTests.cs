using System.Collections.Concurrent;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using Fountain.Node.Retrieval;

namespace Fountain.Cluster.Tests;

/// <summary>The retrieval engine against a simulated network of holders that fail in every way a holder can.</summary>
public class RetrievalTests
{
    private enum Behaviour { Honest, Dead, Slow, Corrupting, Forgetful, FailsWhenCancelled }

    /// <summary>Holders keyed by node id; each serves the blocks placed on it, according to its behaviour.</summary>
    private sealed class SimulatedNetwork : IBlockSource
    {
        public readonly ConcurrentDictionary<string, ConcurrentDictionary<Hash256, byte[]>> Stores = new();
        public readonly ConcurrentDictionary<string, Behaviour> Behaviours = new();
        public int Fetches;

        public async Task<byte[]?> FetchAsync(Masternode holder, Hash256 blockId, CancellationToken cancellation)
        {
            Interlocked.Increment(ref Fetches);
            switch (Behaviours.GetValueOrDefault(holder.Id))
            {
                case Behaviour.Dead: throw new HttpRequestException("connection refused");
                case Behaviour.Slow: await Task.Delay(Timeout.Infinite, cancellation); return null;
                case Behaviour.Forgetful: return null;
                case Behaviour.FailsWhenCancelled:
                    // Like an HTTP client whose request is cut off: it fails with its own error, not a cancellation.
                    try { await Task.Delay(Timeout.Infinite, cancellation); }
                    catch (OperationCanceledException) { throw new HttpRequestException("the connection was reset"); }
                    return null;
            }
            await Task.Yield();
            if (!Stores.TryGetValue(holder.Id, out var store) || !store.TryGetValue(blockId, out var bytes)) return null;
            if (Behaviours.GetValueOrDefault(holder.Id) != Behaviour.Corrupting) return bytes;
            var damaged = (byte[])bytes.Clone();
            damaged[^1] ^= 0xFF;
            return damaged;
        }
    }

    private static (ArtworkTicket Ticket, byte[] Archive, List<Masternode> Nodes, SimulatedNetwork Network) Setup(int nodes, int holdersPerBlock, int archiveBytes = 300_000)
    {
        var archive = new byte[archiveBytes];
        new Random(archiveBytes).NextBytes(archive);
        var artworkId = Sha3.Hash(archive);
        var masternodes = Enumerable.Range(0, nodes)
            .Select(i => new Masternode(Convert.ToHexStringLower(System.Security.Cryptography.SHA3_256.HashData(BitConverter.GetBytes(i))), "", $"sim://{i}", 0, 0, null, 0))
            .ToList();
        var network = new SimulatedNetwork();
        var blocks = new ConcurrentBag<TicketBlock>();
        var layout = new LtLayoutPolicy { MaxBlockBytes = 32 * 1024 };
        ArtworkEncoder.Encode(archive, artworkId, new EncodeOptions { Layout = layout }, (header, id, block) =>
        {
            var copy = block.ToArray();
            foreach (var holder in Rendezvous.Select(Rendezvous.Place, id.ToArray(), [], masternodes.Select(m => m.Id), holdersPerBlock))
                network.Stores.GetOrAdd(holder, _ => new())[id] = copy;
            blocks.Add(new TicketBlock(header.BlockIndex, id.ToString()));
            return null;
        });
        var p = layout.LayoutFor(archive.Length);
        var ticket = new ArtworkTicket(artworkId.ToString(), "", new CodecParameters("v1", archive.Length, p.SourceSymbols, p.SymbolBytes, p.SymbolsPerBlock, p.C, p.Delta),
            blocks.OrderBy(b => b.Index).ToList(), holdersPerBlock, 0, 1, []);
        return (ticket, archive, masternodes, network);
    }

    [Fact]
    public async Task An_honest_network_returns_the_archive_and_fetches_little_more_than_needed()
    {
        var (ticket, archive, nodes, network) = Setup(12, 5);
        var result = await new ArtworkRetriever(network, new RetrievalOptions { OrderSeed = 1 }).RetrieveAsync(ticket, nodes);
        Assert.True(result.Complete);
        Assert.Equal(archive, result.Archive.ToArray());
        Assert.True(network.Fetches <= result.BlocksUsed + 3, $"{network.Fetches} fetches for {result.BlocksUsed} blocks used");
    }

    [Fact]
    public async Task With_three_quarters_of_the_nodes_dead_the_archive_still_comes_back()
    {
        var (ticket, archive, nodes, network) = Setup(12, 10);
        foreach (var node in nodes.Take(9)) network.Behaviours[node.Id] = Behaviour.Dead;
        var result = await new ArtworkRetriever(network).RetrieveAsync(ticket, nodes);
        Assert.True(result.Complete);
        Assert.Equal(archive, result.Archive.ToArray());
        Assert.True(result.FetchesFailed > 0);
    }

    [Fact]
    public async Task Corrupting_holders_are_distrusted_and_cost_no_correctness()
    {
        var (ticket, archive, nodes, network) = Setup(12, 5);
        foreach (var node in nodes.Take(4)) network.Behaviours[node.Id] = Behaviour.Corrupting;
        var result = await new ArtworkRetriever(network, new RetrievalOptions { OrderSeed = 2 }).RetrieveAsync(ticket, nodes);
        Assert.True(result.Complete);
        Assert.Equal(archive, result.Archive.ToArray());
        Assert.NotEmpty(result.DistrustedHolders);
        Assert.All(result.DistrustedHolders.Keys, id => Assert.Contains(id, nodes.Take(4).Select(n => n.Id)));
    }

    [Fact]
    public async Task Slow_and_forgetful_holders_are_skipped_after_the_timeout()
    {
        var (ticket, archive, nodes, network) = Setup(12, 5);
        foreach (var node in nodes.Take(3)) network.Behaviours[node.Id] = Behaviour.Slow;
        foreach (var node in nodes.Skip(3).Take(3)) network.Behaviours[node.Id] = Behaviour.Forgetful;
        var options = new RetrievalOptions { FetchTimeout = TimeSpan.FromMilliseconds(50), MaxParallelFetches = 16 };
        var result = await new ArtworkRetriever(network, options).RetrieveAsync(ticket, nodes);
        Assert.True(result.Complete);
        Assert.Equal(archive, result.Archive.ToArray());
    }

    [Fact]
    public async Task Fetches_that_fail_because_the_decode_completed_do_not_fail_the_retrieval()
    {
        var (ticket, archive, nodes, network) = Setup(12, 5);
        foreach (var node in nodes.Take(4)) network.Behaviours[node.Id] = Behaviour.FailsWhenCancelled;
        var options = new RetrievalOptions { MaxParallelFetches = 16, FetchTimeout = TimeSpan.FromSeconds(60), HedgeAfter = TimeSpan.FromMilliseconds(100), OrderSeed = 4 };
        var result = await new ArtworkRetriever(network, options).RetrieveAsync(ticket, nodes);
        Assert.True(result.Complete);
        Assert.Equal(archive, result.Archive.ToArray());
    }

    /// <summary>
    /// The retrieval must end when its queue runs dry, however its workers were interleaved: workers parked waiting for
    /// a free fetch slot used to stay parked when the last fetch ended (only one of them was woken), so an incomplete
    /// retrieval could hang for good. Many short runs of the failing case give that interleaving many chances.
    /// </summary>
    [Fact(Timeout = 120_000)]
    public async Task An_incomplete_retrieval_always_ends_whatever_the_interleaving_of_its_workers()
    {
        var (ticket, _, nodes, network) = Setup(12, 1);
        foreach (var node in nodes.Take(11)) network.Behaviours[node.Id] = Behaviour.Dead;
        for (int run = 0; run < 200; run++)
        {
            var retrieval = new ArtworkRetriever(network, new RetrievalOptions { OrderSeed = run, MaxParallelFetches = 8 }).RetrieveAsync(ticket, nodes);
            var result = await retrieval.WaitAsync(TimeSpan.FromSeconds(20));
            Assert.False(result.Complete);
        }
    }

    [Fact]
    public async Task Too_few_surviving_blocks_end_incomplete_with_how_many_more_are_needed()
    {
        var (ticket, _, nodes, network) = Setup(12, 1);
        foreach (var node in nodes.Take(11)) network.Behaviours[node.Id] = Behaviour.Dead;
        var result = await new ArtworkRetriever(network).RetrieveAsync(ticket, nodes);
        Assert.False(result.Complete);
        Assert.True(result.MinimumMoreBlocks > 0);
    }
}
