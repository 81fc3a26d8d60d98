using Fountain.Chain.Identity;
using Fountain.Node.Cluster;
using Fountain.Node.Tests.Support;
using Xunit.Abstractions;

namespace Fountain.Node.Tests.Status;

/// <summary>
/// The status pages in a real headless Chromium (FOUNTAIN_TEST_CHROMIUM, set by .ci/run; skipped with the reason
/// otherwise): each view is loaded from the node, must render the node's real figures, request nothing but its own
/// server and log no error. A screenshot of each view is saved and its path printed in the test output.
/// </summary>
public sealed class StatusPageBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PageTimeout = TimeSpan.FromSeconds(60);

    private static string Chromium => Environment.GetEnvironmentVariable(ChromiumFactAttribute.Variable)!;

    [ChromiumFact]
    public async Task A_nodes_page_shows_its_blocks_members_and_artworks_live()
    {
        await using var nodes = await TestNodes.StartAsync(2, s => s with { HoldersPerBlock = 2 });
        var node = nodes[0];
        await using var page = await ChromiumPage.OpenAsync(Chromium, node.StatusAddress!, PageTimeout);
        await page.WaitUntilAsync("document.body.dataset.loaded === 'true'");
        Assert.Equal("0", await Text(page, "blocks-held"));

        // Real work while the page is open: blocks of a registered artwork arrive; the page's next poll shows them.
        using var owner = NodeKey.Create();
        var blocks = TestBlocks.Make(4);
        await nodes.RegisterArtworkAsync(owner, blocks);
        foreach (var b in blocks) await nodes.Client(0, node.Key).PutBlockAsync(b.Id, b.Bytes);
        nodes.Clock.Advance(node.Settings.Status.RefreshInterval);
        await page.WaitUntilAsync("document.querySelector('[data-figure=\"blocks-held\"]').textContent === '4'");

        Assert.Equal("2", await Text(page, "member-count"));
        Assert.Equal(2, (await page.EvaluateAsync("document.querySelectorAll('[data-table=\"members\"] tr').length"))!.GetValue<int>());
        Assert.Equal("1", await Text(page, "artwork-count"));
        Assert.Equal("4", (await page.EvaluateAsync("document.querySelector('[data-table=\"artworks\"] tr td:last-child').textContent"))!.GetValue<string>());
        Assert.Equal("member", await Text(page, "own-state"));
        await SaveScreenshotAsync(page, "node");
        var load = await page.LoadResultAsync();
        Assert.Empty(load.Errors);
        Assert.StartsWith("Fountain node " + node.NodeId[..12], load.Title);
        Assert.All(load.RequestedUrls, url => Assert.StartsWith(node.StatusAddress!.ToString(), url));
    }

    [ChromiumFact]
    public async Task The_development_networks_page_lists_every_node_with_its_figures()
    {
        using var folder = new TempFolder();
        await using var cluster = await LocalCluster.StartAsync(new LocalClusterOptions
        {
            DataFolder = folder.Sub("cluster"),
            Nodes = 3,
            ChainListen = "http://127.0.0.1:0",
            FirstNodePort = 0,
            Chain = new() { HeightInterval = TimeSpan.FromMilliseconds(500) },
            ConfigureNode = (_, s) => s with
            {
                Layout = TestBlocks.SmallLayout,
                Healing = s.Healing with { Enabled = false },
                Challenges = s.Challenges with { Enabled = false },
                Status = s.Status with { RefreshInterval = TimeSpan.FromMilliseconds(200) },
            },
        });
        var blocks = TestBlocks.Make(3);
        var first = cluster.Node(0);
        using var http = Fountain.Node.Client.NodeClient.CreateHttpClient();
        foreach (var b in blocks) await new Fountain.Node.Client.NodeClient(http, first.Endpoint, first.Key).PutBlockAsync(b.Id, b.Bytes);

        await using var page = await ChromiumPage.OpenAsync(Chromium, cluster.StatusAddress!, PageTimeout);
        await page.WaitUntilAsync("document.querySelector('[data-figure=\"blocks-held\"]').textContent === '3'");
        Assert.Equal("3", await Text(page, "running"));
        Assert.Equal(3, (await page.EvaluateAsync("document.querySelectorAll('[data-table=\"nodes\"] tr').length"))!.GetValue<int>());
        var links = (await page.EvaluateAsync("[...document.querySelectorAll('[data-table=\"nodes\"] a')].map(a => a.href)"))!.AsArray().Select(l => l!.GetValue<string>());
        Assert.Equal(cluster.RunningNodes.Select(n => n.StatusAddress!.ToString()), links);

        await cluster.StopNodeAsync(2); // the page follows: the node is listed as stopped
        await page.WaitUntilAsync("document.querySelector('[data-figure=\"running\"]').textContent === '2'");
        Assert.Equal("stopped", (await page.EvaluateAsync("document.querySelector('[data-table=\"nodes\"] tr:last-child td:nth-child(3)').textContent"))!.GetValue<string>());
        await SaveScreenshotAsync(page, "cluster");
        var load = await page.LoadResultAsync();
        Assert.Empty(load.Errors);
        Assert.All(load.RequestedUrls, url => Assert.StartsWith(cluster.StatusAddress!.ToString(), url));
    }

    private static async Task<string?> Text(ChromiumPage page, string figure) =>
        (await page.EvaluateAsync($"document.querySelector('[data-figure=\"{figure}\"]').textContent"))?.GetValue<string>();

    /// <summary>Saves the view under the test output folder (status-screenshots/) and prints where.</summary>
    private async Task SaveScreenshotAsync(ChromiumPage page, string view)
    {
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "status-screenshots")).FullName;
        var path = Path.Combine(folder, $"status-{view}.png");
        await page.ScreenshotAsync(path);
        Assert.True(new FileInfo(path).Length > 10_000, "the screenshot is suspiciously small");
        output.WriteLine($"screenshot of the {view} view: {path}");
    }
}
