using System.Diagnostics;
using Fountain.Chain.Identity;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using Fountain.Node.Client;
using Fountain.Node.Retrieval;
using Fountain.Node.Tests.Hosting;
using Fountain.Node.Tests.Support;
using Xunit.Abstractions;

namespace Fountain.Node.Tests.Measurements;

/// <summary>
/// Fast measurements of the node (seconds), printed to the test output, each as a ratio to a bound measured in
/// the same run (SHA3-256 throughput, codec-only encode and decode), as DESIGN.md asks. They assert only generous
/// bounds, since CI runs on a loaded machine. They run alone, after the parallel tests. Run them with
/// <c>dotnet test tests/Fountain.Node.Tests -c Release --filter Category=Measurement --logger "console;verbosity=detailed"</c>.
/// </summary>
[Trait("Category", "Measurement")]
[Collection(nameof(MemoryTests))]
public sealed class NodeMeasurements(ITestOutputHelper output)
{
    private static double Sha3MegabytesPerSecond()
    {
        var data = TestBlocks.Archive(64 << 20, seed: 1);
        Sha3.Hash(data.AsSpan(0, 1 << 20));
        var watch = Stopwatch.StartNew();
        Sha3.Hash(data);
        return 64 / watch.Elapsed.TotalSeconds;
    }

    [Fact]
    public async Task Block_upload_and_download_throughput_of_one_node_against_SHA3()
    {
        var layout = new LtLayoutPolicy(); // the default 2 MiB blocks
        var archive = TestBlocks.Archive(32 << 20, seed: 2);
        var parameters = layout.LayoutFor(archive.Length);
        var blocks = new List<(Hash256 Id, byte[] Bytes)>();
        ArtworkEncoder.EncodeRange(archive, Sha3.Hash(archive), parameters, 1, 48, new EncodeOptions(), (h, id, b) => { lock (blocks) blocks.Add((id, b.ToArray())); return null; });
        long bytes = blocks.Sum(b => (long)b.Bytes.Length);
        await using var nodes = await TestNodes.StartAsync(1, s => s with { HoldersPerBlock = 1, CapacityBytes = 1L << 30 });
        var client = nodes.Client(0, nodes[0].Key);

        var sha3 = Sha3MegabytesPerSecond();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(blocks, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (b, ct) => await client.PutBlockAsync(b.Id, b.Bytes, ct));
        double put = bytes / 1e6 / 1.048576 / watch.Elapsed.TotalSeconds;
        watch.Restart();
        await Parallel.ForEachAsync(blocks, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (b, ct) => Assert.Equal(b.Bytes.Length, (await client.GetBlockAsync(b.Id, ct))!.Length));
        double get = bytes / 1e6 / 1.048576 / watch.Elapsed.TotalSeconds;
        output.WriteLine($"{blocks.Count} blocks of {blocks[0].Bytes.Length / 1024} KiB, 4 in flight, one node on loopback: PUT {put:0} MiB/s ({put / sha3:0.00} × SHA3), " +
                         $"GET {get:0} MiB/s ({get / sha3:0.00} × SHA3); SHA3-256 alone {sha3:0} MiB/s on one core");
        Assert.True(put > 5 && get > 5, "far below any reasonable figure");
    }

    [Fact]
    public async Task Store_through_a_node_and_retrieve_against_codec_only_encode_and_decode()
    {
        const int nodeCount = 6, holders = 3, archiveMiB = 8;
        var archive = TestBlocks.Archive(archiveMiB << 20, seed: 3);
        var artworkId = Sha3.Hash(archive);
        var layout = new LtLayoutPolicy();

        // Codec-only bounds, same input, same run: encode into memory sinks, decode from the blocks.
        var encoded = new System.Collections.Concurrent.ConcurrentBag<(Hash256 Id, byte[] Bytes)>();
        var watch = Stopwatch.StartNew();
        ArtworkEncoder.Encode(archive, artworkId, new EncodeOptions { Redundancy = 12 }, (h, id, b) => { encoded.Add((id, b.ToArray())); return null; });
        var encodeTime = watch.Elapsed;
        watch.Restart();
        var decoder = new ArtworkDecoder(artworkId);
        foreach (var (id, bytes) in encoded.OrderBy(b => b.Id.Prefix64))
        {
            decoder.Offer(bytes, id);
            if (decoder.IsComplete) break;
        }
        var decodeTime = watch.Elapsed;
        Assert.True(decoder.IsComplete);
        encoded.Clear();

        await using var nodes = await TestNodes.StartAsync(nodeCount, s => s with { HoldersPerBlock = holders, Layout = layout, Redundancy = 12, CapacityBytes = 1L << 30 });
        using var owner = NodeKey.Create();
        using var folder = new TempFolder();
        var path = folder.Sub("archive");
        await File.WriteAllBytesAsync(path, archive);
        watch.Restart();
        var draft = await nodes.Client(0, owner).StoreArchiveAsync(path);
        var storeTime = watch.Elapsed;
        Assert.Equal(holders, draft.MinimumAcknowledgements);
        await nodes.RegisterAsync(owner, draft.ToRegisterArtwork(1000));

        var ticket = (await nodes.Chain.GetTicketAsync(draft.ArtworkId))!;
        var retriever = new ArtworkRetriever(new NodeBlockSource(nodes.Http, owner, clock: nodes.Clock), new RetrievalOptions { OrderSeed = 1 });
        watch.Restart();
        var result = await retriever.RetrieveAsync(ticket, await nodes.Chain.GetMasternodesAsync());
        var retrieveTime = watch.Elapsed;
        Assert.True(result.Complete);
        Assert.True(result.Archive.Span.SequenceEqual(archive));

        output.WriteLine($"{archiveMiB} MiB, redundancy 12, {draft.Blocks.Count} blocks, {nodeCount} nodes, r = {holders}: store {storeTime.TotalSeconds:0.00} s " +
                         $"({storeTime / encodeTime:0.0} × codec-only encode {encodeTime.TotalSeconds:0.00} s); retrieve {retrieveTime.TotalSeconds:0.00} s " +
                         $"({retrieveTime / decodeTime:0.0} × codec-only decode {decodeTime.TotalSeconds:0.00} s), {result.BlocksUsed} blocks fetched");
        Assert.True(storeTime < TimeSpan.FromMinutes(2), "far slower than any reasonable figure");
    }
}
