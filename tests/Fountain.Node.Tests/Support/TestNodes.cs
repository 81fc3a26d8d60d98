using System.Net;
using Fountain.Testing;
using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Transactions;
using Fountain.Codec.Hashing;
using Fountain.Node.Client;
using Fountain.Node.Configuration;
using Fountain.Node.Hosting;
using Fountain.Node.Network;
using Fountain.Node.Protocol;

namespace Fountain.Node.Tests.Support;

/// <summary>
/// Several real nodes (Kestrel on 127.0.0.1, ephemeral ports) on one <see cref="FakeChain"/> and one manual
/// clock, each with its own data folder. Disposing stops them all and deletes the folders.
/// </summary>
internal sealed class TestNodes : IAsyncDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<NodeHost?> _hosts = [];

    private TestNodes(Func<NodeSettings, NodeSettings> configure) => Configure = configure;

    public FakeChain Chain { get; } = new();
    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);
    public HttpClient Http { get; } = NodeClient.CreateHttpClient();
    public Func<NodeSettings, NodeSettings> Configure { get; }
    public IReadOnlyList<NodeHost> Hosts => _hosts.Select(h => h ?? throw new InvalidOperationException("stopped")).ToList();
    public NodeHost this[int i] => _hosts[i] ?? throw new InvalidOperationException($"node {i} is stopped");

    public static async Task<TestNodes> StartAsync(int count, Func<NodeSettings, NodeSettings>? configure = null)
    {
        var nodes = new TestNodes(configure ?? (s => s));
        try
        {
            for (int i = 0; i < count; i++) nodes._hosts.Add(await nodes.StartNodeAsync(i));
            nodes.RefreshMemberships();
        }
        catch
        {
            await nodes.DisposeAsync();
            throw;
        }
        return nodes;
    }

    public NodeSettings SettingsFor(int i) => Configure(new NodeSettings
    {
        DataFolder = _folder.Sub($"node-{i}"),
        ListenUrl = "http://127.0.0.1:0",
        CapacityBytes = 256L << 20,
        HoldersPerBlock = 3,
        Layout = TestBlocks.SmallLayout,
        Redundancy = 3,
        PendingGrace = TimeSpan.FromMinutes(10),
        RequestTimeout = TimeSpan.FromSeconds(20),
        MembershipRefresh = MembershipRefresh,
        TicketCacheTtl = MembershipRefresh,
        // Reports and sweeps run when a test calls StorageReporter.RunOnceAsync, not on their own.
        ReportInterval = TimeSpan.FromHours(1),
    });

    public static readonly TimeSpan MembershipRefresh = TimeSpan.FromSeconds(1);

    /// <summary>Moves the clock past the membership and ticket cache lifetimes, so every node reads the chain afresh.</summary>
    public void RefreshMemberships() => Clock.Advance(MembershipRefresh);

    private Task<NodeHost> StartNodeAsync(int i) => NodeHost.StartAsync(SettingsFor(i), Chain, Clock);

    public async Task StopAsync(int i)
    {
        if (_hosts[i] is { } host) await host.DisposeAsync();
        _hosts[i] = null;
    }

    public async Task<NodeHost> RestartAsync(int i)
    {
        await StopAsync(i);
        return (_hosts[i] = await StartNodeAsync(i))!;
    }

    public NodeClient Client(int node, NodeKey signer, TimeProvider? clock = null) => new(Http, this[node].Endpoint, signer, clock ?? Clock);

    /// <summary>The node that is among a block's holders (or not), by index.</summary>
    public int IndexOf(string nodeId) => _hosts.FindIndex(h => h?.NodeId == nodeId);

    public async Task<IReadOnlyList<string>> HoldersOfAsync(Hash256 blockId, int holders)
    {
        var masternodes = await Chain.GetMasternodesAsync();
        return Placement.HoldersOf(blockId, Placement.EligibleIds(masternodes, Chain.Height), holders);
    }

    /// <summary>Registers an artwork on the chain, signed by its owner, listing the given blocks.</summary>
    public async Task RegisterArtworkAsync(NodeKey owner, IEnumerable<TestBlock> blocks)
    {
        var list = blocks.ToList();
        var p = list[0].Header.Parameters;
        var codec = new CodecParameters("v1", p.ArchiveLength, p.SourceSymbols, p.SymbolBytes, p.SymbolsPerBlock, p.C, p.Delta);
        await RegisterAsync(owner, new RegisterArtwork(list[0].Header.ArtworkId.ToString(), codec, list.Select(b => new TicketBlock(b.Header.BlockIndex, b.Id.ToString())).ToList(), 3, 1000));
    }

    public async Task RegisterAsync(NodeKey owner, RegisterArtwork payload)
    {
        var nonce = await Chain.GetNextNonceAsync(owner.Id);
        var result = await Chain.SubmitAsync(SignedTransaction.Create(new Transaction(FakeChain.Id, nonce, payload), owner));
        Assert.True(result.Accepted, result.Rejection);
        RefreshMemberships(); // nodes may have cached the ticket's absence
    }

    /// <summary>Sends a request with hand-made signature headers, for the tests of what the server refuses.</summary>
    public async Task<HttpStatusCode> SendRawAsync(int node, HttpMethod method, string pathAndQuery, byte[]? body, RequestCredentials? credentials)
    {
        using var request = new HttpRequestMessage(method, new Uri(this[node].Endpoint, pathAndQuery))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = body is null ? null : new ByteArrayContent(body),
        };
        if (credentials is not null) RequestSigning.AddHeaders(request, credentials);
        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The target a request to node <paramref name="node"/> is signed for.</summary>
    public string Target(int node) => RequestSigning.TargetOf(this[node].Endpoint);

    public long Now => Clock.GetUtcNow().ToUnixTimeMilliseconds();

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            if (host is not null) await host.DisposeAsync();
        }
        Http.Dispose();
        _folder.Dispose();
    }
}
