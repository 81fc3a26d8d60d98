using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Codec.Archive;
using Fountain.Codec.Hashing;
using Fountain.Node.Client;
using Fountain.Node.Cluster;
using Fountain.Node.Healing;
using Fountain.Node.Network;
using Fountain.Node.Owner;
using Xunit.Abstractions;

namespace Fountain.Cluster.Tests.Listing;

/// <summary>
/// A node learns of artworks from the chain's ticket listing, not from its block folder: an artwork's custodian primary
/// that holds none of its blocks still finds it on its own timer and heals it (issue 7's chain-side gap 1).
/// </summary>
public sealed class ListedArtworkHealingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_custodian_primary_that_holds_none_of_the_blocks_heals_the_artwork_it_found_in_the_listing()
    {
        var root = Directory.CreateTempSubdirectory("fountain-listing-cluster-").FullName;
        using var http = NodeClient.CreateHttpClient();
        using var owner = NodeKey.Create();
        // Heights are sealed only by the test (an hour-long interval), so custody stays put while the primary's own
        // healing loop (every 300 ms, on every node) finds and heals the artwork. Challenges are off: they would
        // penalise the stopped holders and move custody. Liveness is off for the same reason.
        await using var cluster = await LocalCluster.StartAsync(new LocalClusterOptions
        {
            DataFolder = Path.Combine(root, "cluster"),
            Nodes = 12,
            ChainListen = "http://127.0.0.1:0",
            FirstNodePort = 0,
            Chain = new() { HeightInterval = TimeSpan.FromHours(1), OfflineAfter = TimeSpan.Zero },
            ConfigureNode = (_, s) => s with
            {
                HoldersPerBlock = 1,
                Layout = Healing.HealingCluster.SmallBlocks,
                MembershipRefresh = TimeSpan.FromMilliseconds(200),
                TicketCacheTtl = TimeSpan.FromMilliseconds(200),
                ReportInterval = TimeSpan.FromMilliseconds(200),
                RequestTimeout = TimeSpan.FromSeconds(5),
                Healing = new HealingSettings { Enabled = true, CheckInterval = TimeSpan.FromMilliseconds(300) },
                Challenges = s.Challenges with { Enabled = false },
            },
        });
        try
        {
            await cluster.FundAsync(owner, 10_000 * 100_000_000L);
            var nodes = cluster.RunningNodes.ToList();
            var eligible = Placement.EligibleIds(cluster.Chain.State.Masternodes.Values, cluster.Chain.State.Head.Height);
            // About 25 blocks on 12 nodes with one holder each: some node usually holds none. Placement follows the node
            // ids, which are new keys every run, so artworks are stored until one leaves a node without a block (each
            // try succeeds with probability about 3/4).
            StoreOutcome stored = null!;
            ArtworkTicket ticket = null!;
            List<string> holders = [];
            for (int attempt = 0; attempt < 12 && holders.ToHashSet().Count is 0 or 12; attempt++)
            {
                var input = Directory.CreateDirectory(Path.Combine(root, $"input-{attempt}")).FullName;
                var data = new byte[8_000];
                new Random(attempt).NextBytes(data);
                File.WriteAllBytes(Path.Combine(input, "art.bin"), data);
                var archivePath = Path.Combine(root, $"archive-{attempt}.tar.zst");
                File.WriteAllBytes(archivePath, ArchivePacker.Pack([input], 3).Bytes);
                // Nobody is told of the artwork (no WatchArtwork): only the listing can name it.
                stored = await new ArtworkOwner(cluster.ChainClient, owner, http).StoreThroughNodeAsync(archivePath, new StoreOptions { HoldersPerBlock = 1 });
                ticket = (await cluster.ChainClient.GetTicketAsync(stored.ArtworkId))!;
                holders = ticket.AllBlocks.Select(b => Placement.HoldersOf(Hash256.Parse(b.BlockId), eligible, 1)[0]).ToList();
            }
            var holderIds = holders.ToHashSet(StringComparer.Ordinal);
            output.WriteLine($"{ticket.Blocks.Count} blocks on {holderIds.Count} of 12 nodes");
            Assert.True(holderIds.Count < 12, "no artwork left a node without a block");

            // An epoch whose primary holds no block of the artwork.
            IReadOnlyList<string> custody = [];
            for (int epoch = 0; epoch < 500; epoch++)
            {
                custody = Custody.Custodians(stored.ArtworkId, cluster.Chain.State.Head, cluster.Chain.State.Masternodes.Values, 2);
                if (!holderIds.Contains(custody[0])) break;
                await cluster.Chain.SealNowAsync();
            }
            Assert.DoesNotContain(custody[0], holderIds);
            var primary = nodes.Single(n => n.NodeId == custody[0]);
            var primaryBlocks = await new NodeClient(http, primary.Endpoint, owner).ListArtworkBlocksAsync(Hash256.Parse(stored.ArtworkId));
            Assert.Empty(primaryBlocks.Blocks); // ground truth: the primary holds nothing of this artwork

            // Lose the blocks of half the other holders (custodians stay up): redundancy falls below heal-below (10 of
            // 12) while decoding stays possible.
            var others = holderIds.Except(custody).Order(StringComparer.Ordinal).ToList();
            var lost = others.Take((others.Count + 1) / 2).ToHashSet(StringComparer.Ordinal);
            Assert.True(holders.Count(lost.Contains) * 6 > holders.Count, "more than a sixth of the blocks must be lost to fall below heal-below");
            for (int i = 0; i < cluster.Count; i++)
                if (cluster.IsRunning(i) && lost.Contains(cluster.Node(i).NodeId)) await cluster.StopNodeAsync(i);

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            var healed = ticket;
            while (healed.Amendments.Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
                healed = (await cluster.ChainClient.GetTicketAsync(stored.ArtworkId))!;
            }
            var amendment = Assert.Single(healed.Amendments);
            Assert.Equal(primary.NodeId, amendment.PrimaryId);
            Assert.Contains(amendment.VerifierId, custody.Skip(1));
            output.WriteLine($"primary {primary.NodeId[..12]} (no blocks held) healed: {amendment.AddedBlocks.Count} blocks added after losing {holders.Count(lost.Contains)} of {holders.Count}");
            Assert.True(amendment.AddedBlocks.Count > 0);
            var retrieved = await new ArtworkOwner(cluster.ChainClient, owner, http).RetrieveAsync(Hash256.Parse(stored.ArtworkId));
            Assert.True(retrieved.Complete);
        }
        finally
        {
            await cluster.DisposeAsync();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { }
        }
    }
}
