using Fountain.Chain.Identity;
using Fountain.Codec.Hashing;
using Fountain.Node.Client;
using Fountain.Node.Retrieval;
using Fountain.Node.Tests.Support;

namespace Fountain.Node.Tests.Hosting;

public sealed class StoreSessionTests
{
    [Fact]
    public async Task An_owner_stores_an_archive_through_one_node_registers_the_draft_and_retrieves_it_bit_exact_from_the_holders()
    {
        await using var nodes = await TestNodes.StartAsync(4, s => s with { HoldersPerBlock = 2 });
        using var owner = NodeKey.Create();
        using var folder = new TempFolder();
        var archive = TestBlocks.Archive(200_000, seed: 5);
        var path = folder.Sub("archive.tar.zst");
        await File.WriteAllBytesAsync(path, archive);

        var draft = await nodes.Client(0, owner).StoreArchiveAsync(path);
        var parameters = TestBlocks.SmallLayout.LayoutFor(archive.Length);
        Assert.Equal(Sha3.Hash(archive).ToString(), draft.ArtworkId);
        Assert.Equal(owner.PublicKeyBase64, draft.OwnerPublicKey);
        Assert.Equal((parameters.SourceSymbols, parameters.SymbolBytes, parameters.SymbolsPerBlock, (long)archive.Length),
            (draft.Codec.SourceSymbols, draft.Codec.SymbolBytes, draft.Codec.SymbolsPerBlock, draft.Codec.ArchiveLength));
        Assert.Equal(Enumerable.Range(1, parameters.BlockCountFor(3)).Select(i => (uint)i), draft.Blocks.Select(b => b.Index));
        foreach (var b in draft.Blocks)
        {
            Assert.Equal(await nodes.HoldersOfAsync(Hash256.Parse(b.BlockId), 2), b.SelectedHolders);
            Assert.Equal(b.SelectedHolders, b.AcknowledgedBy);
        }
        Assert.Equal(2, draft.MinimumAcknowledgements);
        Assert.Equal(draft.Blocks.Count * 2, nodes.Hosts.Sum(h => h.Storage.BlockCount));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(nodes[0].Settings.DataFolder, "incoming"))); // the archive is not kept

        await nodes.RegisterAsync(owner, draft.ToRegisterArtwork(maxFeeBaseUnits: 1000));
        foreach (var host in nodes.Hosts) await host.Reporter.RunOnceAsync(default);
        Assert.All(nodes.Hosts, h => Assert.Equal(0, h.Store.PendingBytes)); // confirmed by the ticket

        var ticket = (await nodes.Chain.GetTicketAsync(draft.ArtworkId))!;
        var retriever = new ArtworkRetriever(new NodeBlockSource(nodes.Http, owner, clock: nodes.Clock), new RetrievalOptions { OrderSeed = 1 });
        var result = await retriever.RetrieveAsync(ticket, await nodes.Chain.GetMasternodesAsync());
        Assert.True(result.Complete);
        Assert.Equal(archive, result.Archive.ToArray());
    }

    [Fact]
    public async Task Holders_that_are_down_are_skipped_and_the_draft_says_which_acknowledged()
    {
        await using var nodes = await TestNodes.StartAsync(4, s => s with { HoldersPerBlock = 2, RequestTimeout = TimeSpan.FromSeconds(5) });
        using var owner = NodeKey.Create();
        using var folder = new TempFolder();
        var path = folder.Sub("archive");
        await File.WriteAllBytesAsync(path, TestBlocks.Archive(50_000, seed: 6));
        var down = nodes[3].NodeId;
        await nodes.StopAsync(3);

        var draft = await nodes.Client(0, owner).StoreArchiveAsync(path);
        var withDown = draft.Blocks.Where(b => b.SelectedHolders.Contains(down)).ToList();
        Assert.NotEmpty(withDown);
        Assert.All(withDown, b => Assert.Equal(b.SelectedHolders.Where(h => h != down), b.AcknowledgedBy));
        Assert.All(draft.Blocks.Except(withDown), b => Assert.Equal(2, b.AcknowledgedBy.Count));
        Assert.Equal(1, draft.MinimumAcknowledgements);
    }
}
