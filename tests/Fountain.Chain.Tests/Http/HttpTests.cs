using System.Net;
using System.Net.Sockets;
using System.Text;
using Fountain.Testing;
using Fountain.Chain.Dev;
using Fountain.Chain.Http;
using Fountain.Chain.Identity;
using Fountain.Chain.Transactions;
using static Fountain.Chain.Tests.Support.Fixtures;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Http;

/// <summary>The chain over real HTTP on 127.0.0.1: bad requests get a 4xx and change nothing; the client's failures are clear.</summary>
public sealed class HttpTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(Start);
    private DevChain _chain = null!;
    private ChainServer _server = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync()
    {
        _chain = DevChain.StartInMemory(Options, _clock);
        _server = await ChainServer.StartAsync(_chain, new ChainServerOptions { Listen = "http://127.0.0.1:0", MaxRequestBodyBytes = 64 * 1024 });
        _http.BaseAddress = _server.Address;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await _chain.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string Body)> Post(HttpContent content)
    {
        using var response = await _http.PostAsync("/chain/transactions", content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Garbage_oversized_forged_and_incomplete_bodies_get_a_4xx_and_change_nothing()
    {
        using var key = NodeKey.Create();
        var state = _chain.State;
        var good = SignedTransaction.Create(new Transaction(_chain.ChainId, 0, new Faucet(Tokens(1))), key);

        Assert.Equal(HttpStatusCode.BadRequest, (await Post(Json("not json at all"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(Json("{\"body\":\"x\"}"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(Json("{\"body\":\"x\",\"signerPublicKey\":\"k\",\"signature\":\"s\",\"more\":1}"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(Json("null"))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(Json(""))).Status);
        var huge = "{\"body\":\"" + new string('a', 100 * 1024) + "\",\"signerPublicKey\":\"k\",\"signature\":\"s\"}";
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Post(Json(huge))).Status);
        // Without a Content-Length the limit still holds while the body is read: Kestrel answers 413 and closes the
        // connection, which the client may see as a cut-off response while it is still sending.
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new("application/json");
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/chain/transactions") { Content = chunked })
        {
            request.Headers.TransferEncodingChunked = true;
            try
            {
                using var response = await _http.SendAsync(request);
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            }
            catch (HttpRequestException) { }
        }
        Assert.Same(state, _chain.State);

        var forged = good with { Body = good.Body.Replace("100000000", "900000000") };
        var (status, body) = await Post(Json(System.Text.Json.JsonSerializer.Serialize(forged, ChainJson.Default.SignedTransaction)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("bad-signature", body);
        Assert.Same(state, _chain.State);
        Assert.Equal(0, await _chain.GetNextNonceAsync(key.Id));
        Assert.Equal(0, (await _chain.GetAccountAsync(key.Id)).AvailableBaseUnits);

        (status, _) = await Post(Json(System.Text.Json.JsonSerializer.Serialize(good, ChainJson.Default.SignedTransaction)));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Tokens(1), (await _chain.GetAccountAsync(key.Id)).AvailableBaseUnits);
    }

    [Fact]
    public async Task Bad_reads_get_a_4xx()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync("/chain/nonces/not-an-id")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync("/chain/transactions?max=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync("/chain/transactions?max=many")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/chain/heights/5")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/chain/heights/abc")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/chain/tickets/" + Id("x"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync("/nothing/here")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync("/chain/accounts/" + new string('a', 200))).StatusCode);
    }

    [Fact]
    public async Task The_client_names_the_chain_and_the_problem_when_it_cannot_get_an_answer()
    {
        // Nobody listens.
        var port = FreePort();
        using (var client = new ChainClient(new Uri($"http://127.0.0.1:{port}")))
        {
            var error = await Assert.ThrowsAsync<ChainClientException>(() => client.GetHeadAsync());
            Assert.Contains("cannot be reached", error.Message);
            Assert.Contains($"127.0.0.1:{port}", error.Message);
        }

        // Someone listens and never answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        using (var client = new ChainClient(new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}"), TimeSpan.FromMilliseconds(300)))
        {
            var error = await Assert.ThrowsAsync<ChainClientException>(() => client.GetHeadAsync());
            Assert.Contains("no answer within", error.Message);
        }

        // A server that is not a chain.
        using var impostor = new TcpListener(IPAddress.Loopback, 0);
        impostor.Start();
        var answering = Task.Run(async () =>
        {
            using var socket = await impostor.AcceptSocketAsync();
            var buffer = new byte[4096];
            await socket.ReceiveAsync(buffer);
            await socket.SendAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\nConnection: close\r\n\r\n[1,2,3]"));
        });
        using (var client = new ChainClient(new Uri($"http://127.0.0.1:{((IPEndPoint)impostor.LocalEndpoint).Port}")))
        {
            var error = await Assert.ThrowsAsync<ChainClientException>(() => client.GetHeadAsync());
            Assert.Contains("not what a Fountain chain sends", error.Message);
        }
        await answering;

        // The chain answers with an error.
        using (var client = new ChainClient(_server.Address))
        {
            var error = await Assert.ThrowsAsync<ChainClientException>(() => client.GetNextNonceAsync("nope"));
            Assert.Equal(HttpStatusCode.BadRequest, error.Status);
            Assert.Contains("64 lower-case hex", error.Message);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
