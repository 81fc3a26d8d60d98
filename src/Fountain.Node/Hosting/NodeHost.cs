using System.Net;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.Hosting;
using Fountain.Actors.Hosting;
using Fountain.Chain;
using Fountain.Chain.Identity;
using Fountain.Chain.Transactions;
using Fountain.Node.Api;
using Fountain.Node.BlockPlacement;
using Fountain.Node.Challenges;
using Fountain.Node.Client;
using Fountain.Node.Configuration;
using Fountain.Node.Cluster;
using Fountain.Node.Healing;
using Fountain.Node.Network;
using Fountain.Node.Peers;
using Fountain.Node.Protocol;
using Fountain.Node.Scrubbing;
using Fountain.Node.Status;
using Fountain.Node.Storage;
using Fountain.Node.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fountain.Node.Hosting;

/// <summary>
/// One running masternode: its key, block store, actors, HTTP/2 API and chain duties, started by
/// <see cref="StartAsync"/> and stopped by <see cref="DisposeAsync"/>. Several can run in one process (tests,
/// <c>fountain cluster up</c>): give each its own data folder and <c>listen-url = "http://127.0.0.1:0"</c>, then
/// read <see cref="Endpoint"/>. Stopping releases everything it started: server, timer, actor threads, index.
/// <para>
/// On start: creates the data folder and the key (<c>node.key</c>, PKCS#8 PEM, owner-only), opens the block
/// store (cleaning leftovers of a crash), switches the SQLite journal to WAL, then starts the web host, which starts
/// the node's Akka actor system with it (<see cref="AddNodeActors"/>: the codec's dedicated dispatcher, the artwork
/// journal on Akka.Persistence.Sql, the block holder and the artwork region in the ActorRegistry), then registers the node on the chain with its endpoint if the chain does not list it yet, and
/// waits (up to <c>registration-timeout</c>) until it does. From then on it reports its storage each height.
/// </para>
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly NodeSettings _settings;
    private readonly NodeKey _key;
    private readonly BlockStore _store;
    private readonly HttpClient _http;
    private readonly WebApplication _app;
    private readonly ActorSystem _actors;
    private readonly string _journalConnection;
    private readonly CheckSlots _checkSlots;
    private readonly HealingService _healing;
    private readonly StorageReporter _reporter;
    private readonly ChainView _view;
    private readonly ChallengeScheduler _challenges;
    private readonly BlockScrubber _scrubber;
    private readonly NodeStatusSource _statusSource;
    private readonly NodeMetrics _metrics;
    private StatusServer? _status;
    private int _stopped;

    private NodeHost(NodeSettings settings, NodeKey key, Uri endpoint, BlockStore store, HttpClient http, WebApplication app, ActorSystem actors,
        BlockHolderGate holder, string journalConnection, ChainSender sender, CheckSlots checkSlots, HealingService healing, StorageReporter reporter, ChallengeScheduler challenges,
        BlockScrubber scrubber, ChainView view, NodeStatusSource statusSource, NodeMetrics metrics)
    {
        _statusSource = statusSource;
        _metrics = metrics;
        _view = view;
        _settings = settings;
        _key = key;
        Endpoint = endpoint;
        _store = store;
        _http = http;
        _app = app;
        _actors = actors;
        Holder = holder;
        _journalConnection = journalConnection;
        Sender = sender;
        _checkSlots = checkSlots;
        _healing = healing;
        _reporter = reporter;
        _challenges = challenges;
        _scrubber = scrubber;
    }

    /// <summary>This node's id: SHA3-256 of its public key, hex.</summary>
    public string NodeId => _key.Id;

    /// <summary>The URL the API is reachable at (the bound port when the listen URL asked for port 0) and registered under.</summary>
    public Uri Endpoint { get; }

    /// <summary>This node's key; a node signs its own uploads and chain transactions with it.</summary>
    public NodeKey Key => _key;

    public NodeSettings Settings => _settings;

    public StorageFigures Storage => _store.Figures;

    internal BlockStore Store => _store;
    internal ActorSystem Actors => _actors;
    /// <summary>The block holder, the store's one writer; tests change a node's blocks through it as the node would.</summary>
    internal BlockHolderGate Holder { get; }
    /// <summary>Sends this node's transactions; tests send as the node through it.</summary>
    internal ChainSender Sender { get; }
    internal StorageReporter Reporter => _reporter;

    /// <summary>Reads the chain's head and membership afresh, then files a storage report if the head is new (LocalCluster's start-up).</summary>
    internal async Task ReportNowAsync(CancellationToken cancellation)
    {
        await _view.RefreshAsync(cancellation).ConfigureAwait(false);
        await _reporter.RunOnceAsync(cancellation).ConfigureAwait(false);
    }
    internal ChallengeScheduler Challenges => _challenges;
    /// <summary>This node's part in the masternodes' cluster; null when it runs alone.</summary>
    internal NodeClusterMembership? ClusterMembership => _app.Services.GetService<NodeClusterMembership>();
    /// <summary>This node's address in the masternodes' cluster (akka.tcp://fountain@host:port); null when it runs alone.</summary>
    public string? ClusterAddress => ClusterMembership?.Address;
    internal BlockScrubber Scrubber => _scrubber;

    /// <summary>The read-only status page and /metrics (fountain.status); null when disabled.</summary>
    public Uri? StatusAddress => _status?.Address;

    /// <summary>The figures the status page shows (the development network's page reads them in process).</summary>
    internal NodeStatusSource StatusSource => _statusSource;

    /// <summary>Adds an artwork to those this node heals when it is their custodian primary.</summary>
    public void WatchArtwork(string artworkId) => _healing.Watch(artworkId);

    /// <summary>Most healing checks this node has run at once (bounded by fountain.healing.max-concurrent-checks).</summary>
    internal int PeakConcurrentHealChecks => _checkSlots.PeakConcurrentChecks;

    /// <summary>Checks (and heals if needed) an artwork now if this node is its custodian primary; null otherwise.</summary>
    public Task<CheckReport?> CheckArtworkAsync(string artworkId, CancellationToken cancellation = default) => _healing.CheckNowAsync(artworkId, cancellation);

    /// <summary>
    /// Builds and starts the node; this is its composition root. What does not need the actor system is built first and
    /// handed to each part in its constructor; the actors start with the web host (<see cref="AddNodeActors"/>); the API
    /// parts that write through them are built by the web host's services (<see cref="AddNodeApi"/>); the chain duties
    /// last, once the node is registered.
    /// </summary>
    public static Task<NodeHost> StartAsync(NodeSettings settings, IChain chain, TimeProvider? clock = null, ILoggerFactory? loggerFactory = null,
        CancellationToken cancellation = default) =>
        StartAsync(settings, chain, new NodeStartOptions(), clock, loggerFactory, cancellation);

    /// <summary><see cref="StartAsync(NodeSettings, IChain, TimeProvider?, ILoggerFactory?, CancellationToken)"/> with ports for tests (<see cref="NodeStartOptions"/>).</summary>
    internal static async Task<NodeHost> StartAsync(NodeSettings settings, IChain chain, NodeStartOptions options, TimeProvider? clock = null,
        ILoggerFactory? loggerFactory = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(chain);
        ArgumentNullException.ThrowIfNull(options);
        settings.Validate();
        clock ??= TimeProvider.System;
        loggerFactory ??= settings.LogToConsole
            ? LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }))
            : NullLoggerFactory.Instance;
        var log = loggerFactory.CreateLogger("Fountain.Node");

        var dataFolder = Path.GetFullPath(settings.DataFolder);
        Directory.CreateDirectory(dataFolder);
        var incoming = Path.Combine(dataFolder, "incoming");
        if (Directory.Exists(incoming)) Directory.Delete(incoming, recursive: true); // archives of sessions a crash cut short

        var key = NodeKey.LoadOrCreate(Path.Combine(dataFolder, "node.key"));
        var journalConnection = settings.Journal.ConnectionStringFor(dataFolder);
        BlockStore? store = null;
        HttpClient? http = null;
        WebApplication? app = null;
        NodeHost host;
        try
        {
            store = BlockStore.Open(dataFolder, settings.CapacityBytes, settings.PendingGrace, clock, settings.BlockLimits);
            if (settings.Journal.SqliteFile(dataFolder) is { } journalFile) SqliteJournalFile.EnableWal(journalFile);
            http = NodeClient.CreateHttpClient();
            var view = new ChainView(chain, clock, settings.MembershipRefresh, settings.TicketCacheEntries, settings.TicketCacheTtl);
            var listenUrl = await ListenUrlAsync(settings, view, key.Id, cancellation).ConfigureAwait(false);
            IPeers peers = new HttpPeers(http, key, clock, new NodeClientOptions { RequestTimeout = settings.RequestTimeout, MaxBlockBytes = settings.MaxBlockRequestBytes });
            var sender = new ChainSender(chain, key, settings.ChainSubmitAttempts);
            var refusals = new RefusalCounters();
            // The endpoint is known once the server listens (port 0); no request is authenticated before that.
            var authenticator = new RequestAuthenticator(new NonceCache(settings.NonceCacheEntries, settings.NonceEntriesPerSigner, settings.ClockSkew, clock), clock,
                settings.ClockSkew, view, key.Id, () => AdvertisedEndpoint(settings, app!.Services.GetRequiredService<IServer>()), refusals);
            var heads = new EpochHeads(view);
            var holderReads = new HolderReadRule(key.Id, view, heads,
                new ReadRoles(settings.Healing.CustodyVerifiers, settings.CustodyReadWindowHeights, settings.Challenges.EpochHeights, settings.Challenges.ChallengesPerTarget), refusals);
            var scrub = new ScrubCounters();
            var checkSlots = new CheckSlots(settings.Healing.MaxConcurrentChecks);
            // The artwork actors' checks decode and encode on the codec dispatcher, so they are built with the actor system.
            Func<ActorSystem, HealCheck> check = system => new HealCheck(settings.Healing, settings.BlockLimits, key.Id, view, store, peers, system, sender, checkSlots, log);

            // In the cluster the actor system is named as every member's must be, and its address follows from the endpoint.
            var membership = NodeClusterMembership.For(settings, listenUrl);
            app = BuildServer(settings, listenUrl, loggerFactory, services =>
            {
                AddNodeActors(services, membership is null ? "node-" + key.Id[..8] : Fountain.Actors.Cluster.ClusterAddresses.SystemName, settings, store, check,
                    journalConnection, loggerFactory, membership, view, options.ShardAllocation);
                AddNodeApi(services, settings, key, clock, view, store, peers, authenticator, scrub, holderReads, log);
            });
            var metrics = new NodeMetrics();
            metrics.Requests.MeasureRequestsOf(app);
            NodeApi.Map(app);
            new HealingApi(authenticator, new AmendmentVerifier(settings.Healing, settings.BlockLimits, view, store, key, peers)).Map(app);
            new ClusterManagementApi(authenticator, key.Id, () => membership).Map(app);
            var answerer = options.ChallengeAnswerer?.Invoke(new ChallengeAnswererPorts(key.Id, store, view, peers, clock)) ?? new StoredBlockAnswerer(store);
            new ChallengeAnswerEndpoint(authenticator, view, heads, key.Id, settings.Challenges, new ChallengeResponder(view, key, answerer)).Map(app);
            await app.StartAsync(cancellation).ConfigureAwait(false);

            var actors = app.Services.GetRequiredService<ActorSystem>();
            var registry = app.Services.GetRequiredService<ActorRegistry>();
            var holder = app.Services.GetRequiredService<BlockHolderGate>();
            await ArtworkJournal.WarmUpAsync(actors, settings.RequestTimeout, cancellation).ConfigureAwait(false);
            var server = app.Services.GetRequiredService<IServer>();
            var endpoint = AdvertisedEndpoint(settings, server);
            log.LogInformation("masternode {Id} listening on {Bound}, registered as {Endpoint}", key.Id, BoundAddress(server), endpoint);

            await RegisterAsync(settings, key.Id, endpoint, view, sender, clock, log, cancellation).ConfigureAwait(false);
            membership?.RefreshRoster(); // listed now: the guard joins the cluster without waiting for its next read
            var healing = new HealingService(settings.Healing, key.Id, clock, view, registry.Get<ArtworkRegion>(), log, membership?.CheckRoute);
            var reporter = new StorageReporter(clock, settings.ReportInterval, key.Id, view, store, holder, sender, log);
            var challenges = new ChallengeScheduler(settings, key.Id, clock, view, actors, store, peers, sender, log);
            var scrubber = new BlockScrubber(settings.Scrubbing, clock, store, holder, Path.Combine(dataFolder, "quarantine"), scrub, log);
            var statusSource = new NodeStatusSource(settings.Status, key.Id, endpoint, clock, view, store, scrub, challenges, refusals);
            host = new NodeHost(settings, key, endpoint, store, http, app, actors, holder, journalConnection, sender, checkSlots, healing, reporter, challenges, scrubber, view,
                statusSource, metrics);
        }
        catch
        {
            if (app is not null)
            {
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
                await app.DisposeAsync().ConfigureAwait(false);
            }
            if (settings.Journal.Provider == JournalProvider.Sqlite) SqliteJournalFile.Release(journalConnection);
            http?.Dispose();
            store?.Dispose();
            key.Dispose();
            throw;
        }
        try
        {
            // Last, so that the page never shows a node that is not registered yet; a port taken stops the whole node.
            if (settings.Status.Enabled)
                host._status = await StatusServer.StartAsync(settings.Status.ListenUrlFor(settings.ListenUrl), settings.Status, host._statusSource, host._metrics, host._actors,
                    loggerFactory, cancellation).ConfigureAwait(false);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        log.LogInformation("status page and /metrics at {Status}", host.StatusAddress?.ToString() ?? "(disabled)");
        return host;
    }

    /// <summary>
    /// The composition root of the node's actors (Akka.Hosting): one actor system per node, with Fountain's HOCON (the
    /// codec's dedicated dispatcher of <c>codec-threads</c> threads, the serializers and Hyperion's allow-list), Akka's log
    /// in the node's logger, the artwork journal (SQLite by default, PostgreSQL when configured), and the node's
    /// long-lived actors in the ActorRegistry: the block holder (the only writer of the block store) and the artwork
    /// region. The actor system starts and stops with the web host (CoordinatedShutdown on stop).
    /// </summary>
    private static void AddNodeActors(IServiceCollection services, string systemName, NodeSettings settings, BlockStore store, Func<ActorSystem, HealCheck> check,
        string journalConnection, ILoggerFactory loggerFactory, NodeClusterMembership? membership, ChainView view,
        Func<Fountain.Actors.Cluster.CustodyRule, Akka.Cluster.Sharding.IShardAllocationStrategy>? shardAllocation)
    {
        if (membership is not null) services.AddSingleton(membership);
        services.AddAkka(systemName, akka =>
        {
            akka.AddHocon(FountainActorsConfig.Config(settings.CodecThreads), HoconAddMode.Prepend);
            membership?.Configure(akka);
            // The operator's akka block wins over Fountain's actor settings (added later with Prepend = higher priority).
            if (settings.AkkaHocon is { } operatorAkka) akka.AddHocon(ConfigurationFactory.ParseString(operatorAkka), HoconAddMode.Prepend);
            akka
                .ConfigureLoggers(logging =>
                {
                    logging.LogLevel = Akka.Event.LogLevel.WarningLevel;
                    logging.ClearLoggers();
                    logging.AddLoggerFactory(loggerFactory);
                })
                .WithArtworkJournal(settings.Journal.Provider, journalConnection, settings.Journal.SqliteSynchronous)
                .WithActors(async (system, registry) =>
                {
                    registry.Register<BlockHolderActor>(system.ActorOf(BlockHolderActor.Props(store), "block-holder"));
                    var artworks = new ArtworkActorSettings(check(system), settings.Healing.CheckTimeout, HealingService.IdleWindow(settings.Healing),
                        settings.Journal.SnapshotEveryEvents);
                    if (membership is not null) await membership.StartAsync(system, registry, artworks, view, shardAllocation); // sharded across the cluster
                    else registry.Register<ArtworkRegion>(system.ActorOf(ArtworkRegion.Props(id => ArtworkActor.Props(id, artworks)), "artworks"));
                });
        });
    }

    /// <summary>
    /// The parts of the HTTP API that write through the block holder or encode on the codec dispatcher, registered with
    /// the web host's services, which build each once, on first use: by then Akka.Hosting has started the actor system
    /// (the routes are mapped before the server starts, and a request arrives only once it listens). One
    /// <see cref="BlockHolderGate"/> serves the API and, after start, the node's duties, so its admission limit counts them all.
    /// </summary>
    private static void AddNodeApi(IServiceCollection services, NodeSettings settings, NodeKey key, TimeProvider clock, ChainView view, BlockStore store,
        IPeers peers, RequestAuthenticator authenticator, ScrubCounters scrub, HolderReadRule holderReads, ILogger log)
    {
        var nodeId = key.Id;
        services.AddSingleton(sp => new BlockHolderGate(sp.GetRequiredService<ActorRegistry>().Get<BlockHolderActor>(), settings.BlockHolderMailboxMessages, settings.RequestTimeout));
        services.AddSingleton(sp => new BlockIntake(settings, nodeId, clock, view, store, sp.GetRequiredService<BlockHolderGate>()));
        services.AddSingleton(sp => new StoreSession(settings, view, key, new PlacementPipeline(sp.GetRequiredService<ActorSystem>(), peers, log), sp.GetRequiredService<BlockIntake>(), log));
        services.AddSingleton(sp => new NodeApi(settings, nodeId, AdvertisedEndpoint(settings, sp.GetRequiredService<IServer>()), authenticator, view, store, scrub,
            sp.GetRequiredService<BlockIntake>(), sp.GetRequiredService<StoreSession>(), holderReads, log));
    }

    /// <summary>The address the server is bound to (the actual port when the listen URL asked for port 0).</summary>
    private static Uri BoundAddress(IServer server) => new(server.Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>The URL this node registers and reports: advertise-url if set, else the bound address.</summary>
    private static Uri AdvertisedEndpoint(NodeSettings settings, IServer server) =>
        settings.AdvertiseUrl is { } advertised ? new Uri(advertised) : BoundAddress(server);

    /// <summary>
    /// The listen URL, except that a node the chain already lists, asked to listen on "any port" (0) on the host it
    /// is registered at, takes its registered port again: the chain has no endpoint update, so a restarted node
    /// (fountain cluster up keeps data between runs) must come back where the others will look for it.
    /// </summary>
    private static async Task<string> ListenUrlAsync(NodeSettings settings, ChainView view, string nodeId, CancellationToken cancellation)
    {
        var listen = new Uri(settings.ListenUrl);
        if (listen.Port != 0 || settings.AdvertiseUrl is not null) return settings.ListenUrl;
        var membership = await view.RefreshAsync(cancellation).ConfigureAwait(false);
        if (!membership.ById.TryGetValue(nodeId, out var registered) || !Uri.TryCreate(registered.Endpoint, UriKind.Absolute, out var endpoint)
            || !string.Equals(endpoint.Host, listen.Host, StringComparison.OrdinalIgnoreCase) || endpoint.Scheme != listen.Scheme)
            return settings.ListenUrl;
        return new UriBuilder(listen) { Port = endpoint.Port }.Uri.ToString();
    }

    private static WebApplication BuildServer(NodeSettings settings, string listenUrl, ILoggerFactory loggerFactory, Action<IServiceCollection> addServices)
    {
        var listen = new Uri(listenUrl);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "Fountain.Node", ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddRoutingCore();
        addServices(builder.Services);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = Math.Max(settings.MaxArchiveBytes, settings.MaxBlockRequestBytes);
            // h2c: HTTP/2 with prior knowledge on a plain endpoint. Kestrel offers HTTP/2 without TLS only when
            // the endpoint speaks HTTP/2 alone; clients must use HTTP/2 exactly (NodeClient does).
            void Http2(ListenOptions o) => o.Protocols = HttpProtocols.Http2;
            if (IPAddress.TryParse(listen.Host.Trim('[', ']'), out var address)) kestrel.Listen(address, listen.Port, Http2);
            else if (listen.IsLoopback && listen.Port != 0) kestrel.ListenLocalhost(listen.Port, Http2);
            else throw new ArgumentException($"listen-url '{listenUrl}': give an IP address (127.0.0.1, 0.0.0.0, [::1]); 'localhost' needs a fixed port.");
        });
        var app = builder.Build();
        var log = loggerFactory.CreateLogger("Fountain.Node.Api");
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                // A failure the endpoint did not turn into an answer: the chain unreachable (503), or a bug (500,
                // logged with its stack trace). Either way the client gets one sentence, not a dropped stream.
                bool chain = e is ChainUnavailableException;
                if (!chain) log.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
                context.Response.StatusCode = chain ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
                context.Response.ContentType = "application/json";
                await JsonSerializer.SerializeAsync(context.Response.Body, new ErrorResponse(chain ? e.Message : "internal error; see the node's log"), NodeJson.Default.ErrorResponse);
            }
        });
        app.UseRouting();
        return app;
    }

    /// <summary>Registers this node with its endpoint unless the chain lists it already, then waits until it does.</summary>
    private static async Task RegisterAsync(NodeSettings settings, string nodeId, Uri endpoint, ChainView view, ChainSender sender, TimeProvider clock, ILogger log,
        CancellationToken cancellation)
    {
        var membership = await view.RefreshAsync(cancellation).ConfigureAwait(false);
        if (membership.ById.TryGetValue(nodeId, out var existing))
        {
            if (existing.Endpoint != endpoint.ToString())
                log.LogWarning("the chain lists this node at {Registered}, but it now listens at {Endpoint}; other nodes will not reach it (the chain has no endpoint update)",
                    existing.Endpoint, endpoint);
            return;
        }
        await FundCollateralAsync(settings, nodeId, view.Chain, sender, log, cancellation).ConfigureAwait(false);
        var result = await sender.SendAsync(new RegisterMasternode(endpoint.ToString(), settings.CollateralBaseUnits), cancellation).ConfigureAwait(false);
        if (!result.Accepted) throw new InvalidOperationException($"the chain refused this node's registration: {result.Rejection}");

        using var deadline = new CancellationTokenSource(settings.RegistrationTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, deadline.Token);
        var poll = TimeSpan.FromTicks(Math.Min(settings.MembershipRefresh.Ticks, TimeSpan.FromMilliseconds(250).Ticks));
        try
        {
            while (!(await view.RefreshAsync(linked.Token).ConfigureAwait(false)).IsRegistered(nodeId))
                await Task.Delay(poll, clock, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"the chain accepted this node's registration but did not list it within {settings.RegistrationTimeout}");
        }
        log.LogInformation("registered on the chain as {Id} at {Endpoint}", nodeId, endpoint);
    }

    /// <summary>
    /// On a development chain (one that shows accounts) a fresh node has no tokens for its collateral; with
    /// <c>fund-collateral-from-faucet</c> it asks the faucet for what its account lacks. A chain without accounts
    /// or faucet is left alone: the registration then says what is missing.
    /// </summary>
    private static async Task FundCollateralAsync(NodeSettings settings, string nodeId, IChain chain, ChainSender sender, ILogger log, CancellationToken cancellation)
    {
        if (!settings.FundCollateralFromFaucet || chain is not IChainAccounts accounts) return;
        var account = await accounts.GetAccountAsync(nodeId, cancellation).ConfigureAwait(false);
        // Moving the collateral is a transfer, which pays a fee (0.01 token by default); one token more covers it.
        const long feeAllowanceBaseUnits = 100_000_000;
        long missing = settings.CollateralBaseUnits + feeAllowanceBaseUnits - account.AvailableBaseUnits;
        if (missing <= 0) return;
        var result = await sender.SendAsync(new Faucet(missing), cancellation).ConfigureAwait(false);
        if (!result.Accepted) log.LogWarning("the faucet refused {Missing} base units for the collateral: {Reason}", missing, result.Rejection);
    }

    /// <summary>
    /// Stops the node: chain duties and the healing loop first, then the web host, which stops the server (in-flight
    /// requests finish) and the actor system (CoordinatedShutdown: the actors stop, the journal's writes end). Only then
    /// are the journal's connections and the block store closed, so no actor writes to a closed store or journal.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        if (_status is not null) await _status.DisposeAsync().ConfigureAwait(false);
        await _reporter.DisposeAsync().ConfigureAwait(false);
        await _challenges.DisposeAsync().ConfigureAwait(false);
        await _scrubber.DisposeAsync().ConfigureAwait(false);
        await _healing.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _actors.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_settings.Journal.Provider == JournalProvider.Sqlite) SqliteJournalFile.Release(_journalConnection);
        _http.Dispose();
        _store.Dispose();
        _key.Dispose();
    }

    /// <summary>The same as <see cref="DisposeAsync"/>.</summary>
    public Task StopAsync() => DisposeAsync().AsTask();
}
