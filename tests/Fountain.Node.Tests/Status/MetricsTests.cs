using Fountain.Chain.Identity;
using Fountain.Node.Status;
using Fountain.Node.Tests.Support;

namespace Fountain.Node.Tests.Status;

public sealed class MetricsTests
{
    [Fact]
    public async Task Metrics_scraped_over_http1_from_a_running_node_follow_a_real_store_and_registration()
    {
        await using var nodes = await TestNodes.StartAsync(1, s => s with { HoldersPerBlock = 1 });
        var node = nodes[0];
        using var http = StatusScrape.CreateClient();
        var status = node.StatusAddress!;
        var before = await StatusScrape.MetricsAsync(http, status);
        Assert.Equal(0, StatusScrape.Sample(before, "fountain_blocks_held"));
        Assert.Equal(0, StatusScrape.Sample(before, "fountain_codec_encoded_bytes_total"));
        Assert.Equal(256L << 20, StatusScrape.Sample(before, "fountain_storage_bytes{kind=\"total\"}"));
        Assert.Equal(1, StatusScrape.Sample(before, "fountain_members{state=\"member\"}"));
        Assert.Equal(1, StatusScrape.Sample(before, "fountain_actors{actor=\"BlockHolderActor\"}"));
        Assert.NotNull(StatusScrape.Sample(before, "fountain_actor_mailbox_messages{actor=\"BlockHolderActor\"}"));
        Assert.Equal(0, StatusScrape.Sample(before, "fountain_api_refusals_total{kind=\"unsigned\"}"));

        // Real work: an owner stores an archive through the node (encoded on its codec dispatcher, placed on itself) and registers it.
        using var owner = NodeKey.Create();
        using var folder = new TempFolder();
        var path = folder.Sub("archive");
        await File.WriteAllBytesAsync(path, TestBlocks.Archive(120_000, seed: 14));
        var draft = await nodes.Client(0, owner).StoreArchiveAsync(path);
        await nodes.RegisterAsync(owner, draft.ToRegisterArtwork(maxFeeBaseUnits: 1000));
        // A refused request: counted by kind (issue 12: refused attacks are counted, in /status and here).
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await nodes.SendRawAsync(0, HttpMethod.Get, "/status", null, null));
        nodes.Clock.Advance(node.Settings.Status.RefreshInterval); // past the snapshot's lifetime

        var after = await StatusScrape.MetricsAsync(http, status);
        Assert.Equal(draft.Blocks.Count, StatusScrape.Sample(after, "fountain_blocks_held"));
        Assert.Equal(node.Storage.UsedBytes, StatusScrape.Sample(after, "fountain_storage_bytes{kind=\"used\"}"));
        Assert.True(node.Storage.UsedBytes > 0);
        // Every block was encoded once, on this node: the codec counted exactly the bytes the store now holds.
        Assert.Equal(node.Storage.UsedBytes, StatusScrape.Sample(after, "fountain_codec_encoded_bytes_total"));
        Assert.Equal(1, StatusScrape.Sum(after, "fountain_http_requests_total", "route=\"/artworks\"", "method=\"POST\"", "code=\"200\""));
        Assert.Equal(1, StatusScrape.Sum(after, "fountain_http_request_duration_seconds_count", "route=\"/artworks\""));
        Assert.Equal(1, StatusScrape.Sample(after, "fountain_artworks_listed"));
        Assert.Equal(draft.Blocks.Count, StatusScrape.Sample(after, $"fountain_artwork_blocks_held_here{{artwork=\"{draft.ArtworkId}\"}}"));
        Assert.InRange(StatusScrape.Sample(after, $"fountain_artwork_ticket_redundancy{{artwork=\"{draft.ArtworkId}\"}}")!.Value, 3, 4); // TestNodes encode at redundancy 3

        // The same figures as JSON, as the page reads them.
        var json = await StatusScrape.JsonAsync(http, status);
        Assert.Equal(draft.Blocks.Count, json["storage"]!["blocksHeld"]!.GetValue<long>());
        Assert.Equal(draft.ArtworkId, json["artworks"]![0]!["artworkId"]!.GetValue<string>());
        Assert.Equal(node.NodeId, json["members"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(1, StatusScrape.Sample(after, "fountain_api_refusals_total{kind=\"unsigned\"}"));
        Assert.Equal(1, json["refusals"]!["unsigned"]!.GetValue<long>());
    }

    [Fact]
    public async Task One_snapshot_serves_every_request_for_the_refresh_interval()
    {
        await using var nodes = await TestNodes.StartAsync(1, s => s with { HoldersPerBlock = 1 });
        using var http = StatusScrape.CreateClient();
        var status = nodes[0].StatusAddress!;
        var first = await StatusScrape.JsonAsync(http, status);
        var block = TestBlocks.Make(1)[0];
        await nodes.Client(0, nodes[0].Key).PutBlockAsync(block.Id, block.Bytes);
        var cached = await StatusScrape.JsonAsync(http, status);
        Assert.Equal(first["takenAt"]!.ToJsonString(), cached["takenAt"]!.ToJsonString());
        Assert.Equal(0, cached["storage"]!["blocksHeld"]!.GetValue<long>());
        nodes.Clock.Advance(new StatusSettings().RefreshInterval);
        Assert.Equal(1, (await StatusScrape.JsonAsync(http, status))["storage"]!["blocksHeld"]!.GetValue<long>());
    }

    [Fact]
    public void The_status_listener_defaults_to_the_api_port_plus_2000_and_port_0_stays_0()
    {
        var settings = new StatusSettings();
        Assert.Equal("http://127.0.0.1:9100/", settings.ListenUrlFor("http://127.0.0.1:7100"));
        Assert.Equal("http://127.0.0.1:0/", settings.ListenUrlFor("http://127.0.0.1:0"));
        Assert.Equal("http://0.0.0.0:9000", (settings with { ListenUrl = "http://0.0.0.0:9000" }).ListenUrlFor("http://127.0.0.1:7100"));
        Assert.Throws<ArgumentException>(() => settings.ListenUrlFor("http://127.0.0.1:65000"));
    }
}
