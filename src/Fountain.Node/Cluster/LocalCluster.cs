using Fountain.Chain;
using Fountain.Chain.Dev;
using Fountain.Chain.Http;
using Fountain.Chain.Identity;
using Fountain.Chain.Transactions;
using Fountain.Node.Client;
using Fountain.Node.Configuration;
using Fountain.Node.Hosting;
using Fountain.Node.Status;

namespace Fountain.Node.Cluster;

/// <summary>What <see cref="LocalCluster"/> starts.</summary>
public sealed record LocalClusterOptions
{
    /// <summary>Where the chain and the nodes keep their data; kept between runs.</summary>
    public required string DataFolder { get; init; }

    public int Nodes { get; init; } = 12;

    /// <summary>The chain's address; its port 0 picks a free one.</summary>
    public string ChainListen { get; init; } = "http://127.0.0.1:7000";

    /// <summary>Node n listens on this port + n; 0 picks free ports.</summary>
    public int FirstNodePort { get; init; } = 7100;

    public ChainOptions Chain { get; init; } = new() { HeightInterval = TimeSpan.FromSeconds(1) };

    /// <summary>The chain's HTTP server; it listens at <see cref="ChainListen"/>.</summary>
    public ChainServerOptions Server { get; init; } = new();

    /// <summary>Every node's settings before the cluster gives each its own data folder, listen URL and chain URL.</summary>
    public NodeSettings Node { get; init; } = new();

    /// <summary>Applied to each node's settings after the cluster's own (data folder, listen URL).</summary>
    public Func<int, NodeSettings, NodeSettings>? ConfigureNode { get; init; }

    /// <summary>Serve the network's status page (<see cref="LocalCluster.StatusAddress"/>) at the chain's port + 2000 (port 0: a free one), as a node's page is at its API port + 2000.</summary>
    public bool StatusPage { get; init; } = true;

    /// <summary>Node n's ports (tests start misbehaving nodes through them); null: every node honest.</summary>
    internal Func<int, NodeStartOptions>? StartOptions { get; init; }
}

/// <summary>
/// A development chain and N masternodes on loopback in one process (issue 4, item 5): the chain persisted in the
/// data folder and served over HTTP, every node a real <see cref="NodeHost"/> (its own key, store, Kestrel) that
/// talks to the chain over HTTP as a remote node would. Nodes can be stopped and started again (their data
/// stays). Disposing stops everything: nodes first, then the chain.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly LocalClusterOptions _options;
    private readonly List<NodeHost?> _nodes = [];
    private DevChain? _chain;
    private ChainServer? _server;
    private ChainClient? _client;
    private ClusterStatusServer? _statusPage;

    private LocalCluster(LocalClusterOptions options) => _options = options;

    public DevChain Chain => _chain!;
    public Uri ChainAddress => _server!.Address;

    /// <summary>The chain over HTTP, as owners and nodes see it.</summary>
    public IChain ChainClient => _client!;

    /// <summary>The network's status page, listing every node; null when <see cref="LocalClusterOptions.StatusPage"/> is off.</summary>
    public Uri? StatusAddress => _statusPage?.Address;

    public int Count => _nodes.Count;
    public bool IsRunning(int i) => _nodes[i] is not null;
    public NodeHost Node(int i) => _nodes[i] ?? throw new InvalidOperationException($"node {i} is stopped.");
    public IEnumerable<NodeHost> RunningNodes => _nodes.OfType<NodeHost>();
    public string NodeFolder(int i) => Path.Combine(_options.DataFolder, $"node-{i:D2}");

    public static async Task<LocalCluster> StartAsync(LocalClusterOptions options, IProgress<string>? status = null, CancellationToken cancellation = default)
    {
        var cluster = new LocalCluster(options);
        try
        {
            Directory.CreateDirectory(options.DataFolder);
            cluster._chain = await DevChain.StartAsync(Path.Combine(options.DataFolder, "chain"), options.Chain, TimeProvider.System, cancellation);
            cluster._server = await ChainServer.StartAsync(cluster._chain, options.Server with { Listen = options.ChainListen }, cancellation);
            cluster._client = new ChainClient(cluster._server.Address);
            status?.Report($"chain {cluster._chain.ChainId[..12]} at {cluster._server.Address}, height {cluster._chain.State.Head.Height}");
            for (int i = 0; i < options.Nodes; i++)
            {
                cluster._nodes.Add(null);
                await cluster.StartNodeAsync(i, cancellation);
                status?.Report($"node {i} {cluster.Node(i).NodeId[..12]} at {cluster.Node(i).Endpoint}");
            }
            await cluster.WaitForMembersAsync(cancellation);
            if (options.StatusPage)
            {
                int port = cluster._server.Address.Port is var chainPort && new Uri(options.ChainListen).Port == 0 ? 0 : chainPort + 2000;
                cluster._statusPage = await ClusterStatusServer.StartAsync(cluster, $"http://127.0.0.1:{port}", cancellation: cancellation);
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Waits until every running node is a member at the chain's head, then gives every node's cached view of the
    /// membership time to take them in. A registration counts from the height that includes it, and a node is a member
    /// only from its first storage report at a later height (Masternode.AwaitingFirstReport; its StorageReporter sends
    /// one per new height): so this seals the pending height whenever it holds what the waiting nodes need (their
    /// registrations or those reports) rather than wait for the chain's timer, and asks a waiting node to report once
    /// per pending height rather than wait for its report timer (up to report-interval, 2 s, per start otherwise). A
    /// report that races the node's own timer may be refused for its nonce; the other one counts.
    /// </summary>
    public async Task WaitForMembersAsync(CancellationToken cancellation = default)
    {
        var chain = _chain!;
        if (!RunningNodes.Any()) return; // nodes run elsewhere (cluster up --processes)
        var limit = RunningNodes.Select(n => n.Settings.RegistrationTimeout).DefaultIfEmpty(TimeSpan.Zero).Max();
        using var deadline = new CancellationTokenSource(limit);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, deadline.Token);
        await chain.SealNowAsync(linked.Token);
        var asked = new Dictionary<string, long>(StringComparer.Ordinal); // node id -> the pending height it was asked to report in
        try
        {
            while (true)
            {
                var state = chain.State;
                var waiting = RunningNodes.Select(n => (Host: n, Listed: state.Masternodes.GetValueOrDefault(n.NodeId)))
                    .Where(w => w.Listed is null || !w.Listed.IsMemberAt(state.Head.Height)).ToList();
                if (waiting.Count == 0) break;
                bool sealNeeded = waiting.All(w => w.Listed is { } m && (m.RegisteredAtHeight == state.PendingHeight || (!m.AwaitingFirstReport && m.ProvenAtHeight == state.PendingHeight)));
                if (sealNeeded)
                {
                    await chain.SealNowAsync(linked.Token);
                    continue;
                }
                foreach (var (host, listed) in waiting)
                {
                    if (listed is not { AwaitingFirstReport: true } || listed.RegisteredAtHeight > state.Head.Height || asked.GetValueOrDefault(host.NodeId) == state.PendingHeight) continue;
                    asked[host.NodeId] = state.PendingHeight;
                    await host.ReportNowAsync(linked.Token);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(50), linked.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"not every node became a member (a storage report after its registration) within {limit}");
        }
        var refresh = RunningNodes.Select(n => n.Settings.MembershipRefresh).DefaultIfEmpty(TimeSpan.Zero).Max();
        await Task.Delay(refresh + TimeSpan.FromMilliseconds(100), cancellation);
    }

    public async Task StartNodeAsync(int i, CancellationToken cancellation = default)
    {
        if (_nodes[i] is not null) return;
        int port = _options.FirstNodePort == 0 ? 0 : _options.FirstNodePort + i;
        var settings = _options.Node with { DataFolder = NodeFolder(i), ListenUrl = $"http://127.0.0.1:{port}", ChainUrl = _server!.Address.ToString() };
        // On ephemeral ports a node's first start runs alone (its Akka address is unknown before it binds); a restart would
        // listen on its registered port and try to join seeds that run alone, so it stays alone too: one mode per network.
        if (port == 0) settings = settings with { Cluster = settings.Cluster with { Enabled = false } };
        if (_options.ConfigureNode is { } configure) settings = configure(i, settings);
        var options = _options.StartOptions?.Invoke(i) ?? new NodeStartOptions();
        _nodes[i] = await NodeHost.StartAsync(settings, _client!, options, TimeProvider.System, cancellation: cancellation);
    }

    public async Task StopNodeAsync(int i)
    {
        if (_nodes[i] is { } node)
        {
            _nodes[i] = null;
            await node.DisposeAsync();
        }
    }

    /// <summary>Gives an owner tokens from the development faucet, so that it can pay registration fees.</summary>
    public async Task FundAsync(NodeKey owner, long baseUnits, CancellationToken cancellation = default)
    {
        var result = await new ChainSender(_client!, owner).SendAsync(new Faucet(baseUnits), cancellation);
        if (!result.Accepted) throw new InvalidOperationException($"the faucet refused: {result.Rejection}");
        await _chain!.SealNowAsync(cancellation);
    }

    public async ValueTask DisposeAsync()
    {
        if (_statusPage is not null) await _statusPage.DisposeAsync();
        for (int i = 0; i < _nodes.Count; i++) await StopNodeAsync(i);
        _client?.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        if (_chain is not null) await _chain.DisposeAsync();
    }
}
