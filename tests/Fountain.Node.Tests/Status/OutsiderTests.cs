using System.Net;
using Fountain.Chain.Identity;
using Fountain.Node.Tests.Support;

namespace Fountain.Node.Tests.Status;

/// <summary>What someone without any key learns from a node's status listener, and what it must not let them do.</summary>
public sealed class OutsiderTests
{
    [Fact]
    public async Task The_page_its_json_and_metrics_show_no_key_block_owner_or_path_of_the_node()
    {
        await using var nodes = await TestNodes.StartAsync(1, s => s with { HoldersPerBlock = 1 });
        var node = nodes[0];
        using var owner = NodeKey.Create();
        var blocks = TestBlocks.Make(3);
        await nodes.RegisterArtworkAsync(owner, blocks);
        foreach (var b in blocks) await nodes.Client(0, node.Key).PutBlockAsync(b.Id, b.Bytes);
        nodes.Clock.Advance(node.Settings.Status.RefreshInterval);

        using var http = StatusScrape.CreateClient();
        var status = node.StatusAddress!;
        var answers = new Dictionary<string, string>();
        foreach (var path in new[] { "", "status.js", "status.json", "metrics" })
            answers[path] = await http.GetStringAsync(new Uri(status, path));
        Assert.Equal(blocks.Count, (await StatusScrape.JsonAsync(http, status))["storage"]!["blocksHeld"]!.GetValue<long>()); // the figures are there

        // The node's private key as stored (PEM body, base64 of PKCS#8), in any line of it.
        var pem = await File.ReadAllLinesAsync(Path.Combine(node.Settings.DataFolder, "node.key"));
        var secrets = pem.Where(l => !l.StartsWith("-----", StringComparison.Ordinal) && l.Length >= 16).ToList();
        Assert.NotEmpty(secrets);
        var forbidden = secrets
            .Append(owner.PublicKeyBase64) // who owns an artwork is not the page's business
            .Append(Path.GetFullPath(node.Settings.DataFolder)) // nor where the node keeps its files
            .Concat(blocks.Select(b => b.Id.ToString())) // nor which blocks it holds
            .Concat(blocks.Select(b => Convert.ToHexString(b.Bytes.AsSpan(^24..)).ToLowerInvariant())) // nor their bytes, in hex
            .Concat(blocks.Select(b => Convert.ToBase64String(b.Bytes.AsSpan(^24..)))) // or base64
            .ToList();
        foreach (var (path, text) in answers)
            foreach (var secret in forbidden)
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"/{path} reveals '{secret}'");
        Assert.Contains(blocks[0].Header.ArtworkId.ToString(), answers["status.json"]); // artwork ids are on the public chain
    }

    [Fact]
    public async Task The_status_listener_serves_none_of_the_signed_api_and_the_api_stays_http2_only()
    {
        await using var nodes = await TestNodes.StartAsync(1, s => s with { HoldersPerBlock = 1 });
        var node = nodes[0];
        var block = TestBlocks.Make(1)[0];
        await nodes.Client(0, node.Key).PutBlockAsync(block.Id, block.Bytes);
        using var http = StatusScrape.CreateClient();
        var status = node.StatusAddress!;
        Assert.NotEqual(node.Endpoint.Port, status.Port);

        foreach (var (method, path) in new[] { (HttpMethod.Get, $"blocks/{block.Id}"), (HttpMethod.Put, $"blocks/{block.Id}"), (HttpMethod.Post, "artworks"), (HttpMethod.Get, "status") })
        {
            using var response = await http.SendAsync(new HttpRequestMessage(method, new Uri(status, path)));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        foreach (var path in new[] { "status.json", "metrics" })
        {
            using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(status, path)));
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            // A body is refused too: with 413, or by closing the connection while the client still sends it.
            await AssertRefusedAsync(() => http.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(status, path)) { Content = new StringContent("x") }));
        }
        using var page = await http.GetAsync(status);
        Assert.Equal("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            page.Headers.GetValues("Content-Security-Policy").Single());

        // A browser's HTTP/1.1 request to the API itself is still refused: only the status listener speaks it.
        await AssertRefusedAsync(() => http.GetAsync(new Uri(node.Endpoint, "status")));
    }

    /// <summary>The request gets no success: an error status, or a connection the server closed.</summary>
    private static async Task AssertRefusedAsync(Func<Task<HttpResponseMessage>> send)
    {
        var refused = await Record.ExceptionAsync(async () =>
        {
            using var response = await send();
            Assert.False(response.IsSuccessStatusCode, $"answered {response.StatusCode}");
        });
        Assert.True(refused is null or HttpRequestException, refused?.ToString());
    }
}
