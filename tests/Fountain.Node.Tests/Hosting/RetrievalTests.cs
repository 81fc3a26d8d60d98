using Fountain.Chain.Identity;
using Fountain.Codec.Lt;
using Fountain.Node.Client;
using Fountain.Node.Retrieval;
using Fountain.Node.Tests.Support;

namespace Fountain.Node.Tests.Hosting;

/// <summary>NodeBlockSource with the retriever: dead and corrupting holders cost time, never correctness.</summary>
public sealed class RetrievalTests
{
    [Fact]
    public async Task An_artwork_is_retrieved_bit_exact_with_three_quarters_of_the_nodes_stopped_and_a_block_corrupted_on_disk()
    {
        var archive = TestBlocks.Archive(100_000, seed: 4);
        await using var nodes = await TestNodes.StartAsync(8, s => s with { HoldersPerBlock = 6, Layout = TestBlocks.SmallLayout, Redundancy = 6 });
        using var owner = NodeKey.Create();
        using var folder = new TempFolder();
        var path = folder.Sub("archive");
        await File.WriteAllBytesAsync(path, archive);
        var draft = await nodes.Client(0, owner).StoreArchiveAsync(path);
        await nodes.RegisterAsync(owner, draft.ToRegisterArtwork(1000));

        for (int i = 2; i < 8; i++) await nodes.StopAsync(i);
        // On a survivor, flip a byte of every block file it holds: it now serves nothing but corruption.
        foreach (var file in Directory.EnumerateFiles(Path.Combine(nodes[1].Settings.DataFolder, "blocks"), "*.block", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            bytes[^1] ^= 0x01;
            await File.WriteAllBytesAsync(file, bytes);
        }

        var ticket = (await nodes.Chain.GetTicketAsync(draft.ArtworkId))!;
        var source = new NodeBlockSource(nodes.Http, owner, new NodeClientOptions { RequestTimeout = TimeSpan.FromSeconds(5) }, nodes.Clock);
        var result = await new ArtworkRetriever(source, new RetrievalOptions { OrderSeed = 2 }).RetrieveAsync(ticket, await nodes.Chain.GetMasternodesAsync());
        Assert.True(result.Complete);
        Assert.Equal(archive, result.Archive.ToArray());
        Assert.True(result.FetchesFailed > 0); // the stopped nodes were asked and failed over
        Assert.Contains(nodes[1].NodeId, result.DistrustedHolders.Keys); // the corrupting node was caught
    }
}
