using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Codec.Artwork;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using Fountain.Node.Retrieval;

namespace Fountain.Cluster.Tests.Attacks;

/// <summary>
/// Issue 12, hole 1, the reader's end: a custodian primary amended the ticket with well-formed blocks (right artwork,
/// header, fresh indices, ids that are their own hashes) whose payloads are random. Every genuine block is still held;
/// retrieval must still return the artwork, and name the amendment's custodian, instead of failing for good.
/// </summary>
public sealed class PoisonedHealRetrievalTests
{
    private sealed class Holders(Dictionary<string, Dictionary<Hash256, byte[]>> stores) : IBlockSource
    {
        public Task<byte[]?> FetchAsync(Masternode holder, Hash256 blockId, CancellationToken cancellation) =>
            Task.FromResult(stores.TryGetValue(holder.Id, out var store) && store.TryGetValue(blockId, out var bytes) ? bytes : null);
    }

    private const string Forger = "f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0";

    private static (ArtworkTicket Ticket, byte[] Archive, List<Masternode> Nodes, Holders Network) PoisonedTicket(int forgedBlocks)
    {
        var archive = new byte[200_000];
        new Random(12).NextBytes(archive);
        var artworkId = Sha3.Hash(archive);
        var nodes = Enumerable.Range(0, 8)
            .Select(i => new Masternode(Convert.ToHexStringLower(System.Security.Cryptography.SHA3_256.HashData(BitConverter.GetBytes(i))), "", $"sim://{i}", 0, 0, null, 0)).ToList();
        var stores = nodes.ToDictionary(n => n.Id, _ => new Dictionary<Hash256, byte[]>());
        void Place(Hash256 id, byte[] bytes)
        {
            foreach (var holder in Rendezvous.Select(Rendezvous.Place, id.ToArray(), [], nodes.Select(m => m.Id), 3)) stores[holder][id] = bytes;
        }
        var layout = new LtLayoutPolicy { MaxBlockBytes = 16 * 1024 };
        var p = layout.LayoutFor(archive.Length);
        var genuine = new List<TicketBlock>();
        ArtworkEncoder.Encode(archive, artworkId, new EncodeOptions { Layout = layout, Redundancy = 3 }, (header, id, block) =>
        {
            lock (genuine) { Place(id, block.ToArray()); genuine.Add(new TicketBlock(header.BlockIndex, id.ToString())); }
            return null;
        });
        // The forger's "heal": fresh indices, a header the decoder accepts, random symbols, each named by its own hash.
        var random = new Random(99);
        var forged = new List<TicketBlock>();
        uint next = genuine.Max(b => b.Index) + 1;
        for (int i = 0; i < forgedBlocks; i++, next++)
        {
            var header = new BlockHeader(artworkId, p, next, LtEncoder.BlockSeedFor(artworkId, next));
            var bytes = new byte[header.BlockBytes];
            header.WriteTo(bytes);
            random.NextBytes(bytes.AsSpan(BlockHeader.Size));
            var id = Sha3.Hash(bytes);
            Place(id, bytes);
            forged.Add(new TicketBlock(next, id.ToString()));
        }
        var codec = new CodecParameters("v1", archive.Length, p.SourceSymbols, p.SymbolBytes, p.SymbolsPerBlock, p.C, p.Delta);
        var ticket = new ArtworkTicket(artworkId.ToString(), "", codec, genuine.OrderBy(b => b.Index).ToList(), 3, 0, 1,
            [new TicketAmendment(5, Forger, nodes[0].Id, forged, "heal")]);
        return (ticket, archive, nodes, new Holders(stores));
    }

    [Fact]
    public async Task Retrieval_survives_an_amendment_of_forged_blocks_and_names_its_custodian()
    {
        var (ticket, archive, nodes, network) = PoisonedTicket(forgedBlocks: 40);
        // Several fetch orders: in each, forged blocks reach the first decode, which then misses the artwork hash.
        for (int seed = 0; seed < 5; seed++)
        {
            var result = await new ArtworkRetriever(network, new RetrievalOptions { OrderSeed = seed }).RetrieveAsync(ticket, nodes);
            Assert.True(result.Complete, $"seed {seed}: incomplete");
            Assert.Equal(archive, result.Archive.ToArray());
            Assert.True(result.ForgedSourcesSkipped >= 1, $"seed {seed}: the first decode did not meet the forgeries");
            Assert.Contains(Forger, result.DistrustedHolders.Keys);
            Assert.DoesNotContain(nodes.Select(n => n.Id), result.DistrustedHolders.Keys.Contains);
        }
    }

    [Fact]
    public async Task When_no_source_is_clean_enough_the_failure_says_the_blocks_are_forged_not_that_the_encoder_is_broken()
    {
        var (ticket, _, nodes, network) = PoisonedTicket(forgedBlocks: 40);
        // The owner's blocks alone cannot decode: keep only a few of them, so every subset with enough blocks holds forgeries.
        var starved = ticket with { Blocks = ticket.Blocks.Take(3).ToList() };
        var error = await Assert.ThrowsAsync<InconsistentBlocksException>(() => new ArtworkRetriever(network, new RetrievalOptions { OrderSeed = 1 }).RetrieveAsync(starved, nodes));
        Assert.DoesNotContain("encoder", error.Message);
        Assert.Contains("forged", error.Message);
    }
}
