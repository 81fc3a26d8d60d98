using Akka.Configuration;
using Fountain.Actors.Hosting;
using Fountain.Chain.Configuration;
using Fountain.Codec.Blocks;
using Fountain.Codec.Lt;
using Fountain.Node.Challenges;
using Fountain.Node.Scrubbing;

namespace Fountain.Node.Configuration;

/// <summary>
/// Everything a masternode is configured with; <see cref="Read"/> takes it from the <c>fountain.node</c> block
/// of HOCON (src/Fountain.Node/reference.conf documents each setting and its default). The codec layout and redundancy of
/// archives encoded here come from <c>fountain.codec</c>, which the CLI reads; they are set with <c>with</c>.
/// </summary>
public sealed partial record NodeSettings
{
    /// <summary>Holds the node's key, block files and index; created on first start.</summary>
    public string DataFolder { get; init; } = "fountain-node";
    /// <summary>Plain-text HTTP/2 (h2c) endpoint; port 0 picks a free port (read <c>NodeHost.Endpoint</c>).</summary>
    public string ListenUrl { get; init; } = "http://127.0.0.1:7100";
    /// <summary>The URL registered on the chain; null: the bound listen address.</summary>
    public string? AdvertiseUrl { get; init; }
    /// <summary>The chain's URL, for hosts that reach it over HTTP (the CLI); <c>NodeHost</c> itself takes an <c>IChain</c>.</summary>
    public string ChainUrl { get; init; } = "http://127.0.0.1:7000";
    public long CapacityBytes { get; init; } = 10L << 30;
    /// <summary>r: masternodes holding each block (the seed's "at least 10").</summary>
    public int HoldersPerBlock { get; init; } = 10;
    /// <summary>Locked at registration, in base units (10^-8 token).</summary>
    public long CollateralBaseUnits { get; init; } = 100_000_000_000;
    /// <summary>Development chains: before registering, ask the faucet for whatever part of the collateral the node's account lacks.</summary>
    public bool FundCollateralFromFaucet { get; init; } = true;
    /// <summary>Largest block payload accepted; a request body may be this plus the 96-byte header.</summary>
    public int MaxBlockPayloadBytes { get; init; } = 2 * 1024 * 1024;
    /// <summary>Largest archive a client may send to be encoded here.</summary>
    public long MaxArchiveBytes { get; init; } = 1L << 30;
    /// <summary>How far a request's timestamp may be from this node's clock, either way.</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Nonces remembered against replay for keys that are no member masternode, together; when all are live, their new requests get 503.</summary>
    public int NonceCacheEntries { get; init; } = 100_000;
    /// <summary>Nonces remembered for any one signer; beyond it, its new requests get 429 (no signer crowds out another).</summary>
    public int NonceEntriesPerSigner { get; init; } = 20_000;
    /// <summary>How many heights a custodian may still read an artwork's blocks after the height it was custodian at.</summary>
    public long CustodyReadWindowHeights { get; init; } = 60;
    /// <summary>How long a block of an artwork not on the chain is kept before it is deleted.</summary>
    public TimeSpan PendingGrace { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>Bytes of pending blocks this node holds at most, so unregistered uploads cannot fill it.</summary>
    public long MaxPendingBytes { get; init; } = 1L << 30;
    /// <summary>How often the node polls the chain head, reports storage on a new height and sweeps pending blocks.</summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>How long the masternode list read from the chain is reused.</summary>
    public TimeSpan MembershipRefresh { get; init; } = TimeSpan.FromSeconds(2);
    /// <summary>Tickets (or their absence) cached from the chain.</summary>
    public int TicketCacheEntries { get; init; } = 10_000;
    public TimeSpan TicketCacheTtl { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>
    /// Submissions of one transaction at most when the chain answers bad-nonce. The node's own transactions take turns
    /// (one <see cref="Fountain.Chain.Transactions.ChainSender"/> per node), so only another process signing with this
    /// node's key can take the nonce between the read and the submission.
    /// </summary>
    public int ChainSubmitAttempts { get; init; } = Fountain.Chain.Transactions.ChainSender.DefaultAttempts;
    /// <summary>How long start-up waits for the chain to list this node after registering it.</summary>
    public TimeSpan RegistrationTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>Timeout of one request to another node or to the chain.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Longest a store session (encode and place one archive) may run.</summary>
    public TimeSpan StoreSessionTimeout { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>Block uploads in flight at once during a store session.</summary>
    public int UploadParallelism { get; init; } = 8;
    /// <summary>Encoded blocks waiting for upload before the encoder waits (bounds a session's memory).</summary>
    public int UploadQueueBlocks { get; init; } = 8;
    /// <summary>Store sessions (archive encodes) running at once; more get 503.</summary>
    public int MaxStoreSessions { get; init; } = 2;
    /// <summary>Store sessions one signer may run at once; more get 429.</summary>
    public int MaxStoreSessionsPerSigner { get; init; } = 1;
    /// <summary>Most blocks one listing returns.</summary>
    public int MaxListedBlocks { get; init; } = 100_000;
    /// <summary>Mailbox of the block holder actor: writes waiting before callers get back-pressure.</summary>
    public int BlockHolderMailboxMessages { get; init; } = 256;
    /// <summary>Threads of the codec's dedicated dispatcher.</summary>
    public int CodecThreads { get; init; } = 2;
    /// <summary>Print the HTTP server's log to the console.</summary>
    public bool LogToConsole { get; init; }

    /// <summary>
    /// The operator's own <c>akka { ... }</c> settings (HOCON text, null when none), laid over Fountain's actor settings
    /// when the node's actor system starts; Akka's defaults apply to the rest. Kept as text so that settings compare by value.
    /// </summary>
    public string? AkkaHocon { get; init; }

    /// <summary>Storage challenges this node issues (fountain.challenges).</summary>
    public ChallengeSettings Challenges { get; init; } = new();
    /// <summary>Re-hashing of this node's own blocks (fountain.scrubbing).</summary>
    public ScrubbingSettings Scrubbing { get; init; } = new();

    /// <summary>How archives sent to this node are encoded (fountain.codec).</summary>
    public LtLayoutPolicy Layout { get; init; } = new();
    public double Redundancy { get; init; } = 12;

    /// <summary>Self-healing of the artworks this node is custodian primary of (fountain.healing).</summary>
    public Healing.HealingSettings Healing { get; init; } = new();

    /// <summary>The read-only status page and /metrics (fountain.status).</summary>
    public Status.StatusSettings Status { get; init; } = new();

    /// <summary>What a block header may claim here: the payload limit above.</summary>
    public BlockLimits BlockLimits => new() { MaxBlockBytes = MaxBlockPayloadBytes };

    /// <summary>Largest PUT body: a block's header and payload.</summary>
    public long MaxBlockRequestBytes => MaxBlockPayloadBytes + (long)BlockHeader.Size;

    public void Validate()
    {
        static void Positive(string name, double value) { if (!(value > 0)) throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive."); }
        if (string.IsNullOrWhiteSpace(DataFolder)) throw new ArgumentException("DataFolder must be set.");
        if (!Uri.TryCreate(ListenUrl, UriKind.Absolute, out var listen) || listen.Scheme != Uri.UriSchemeHttp)
            throw new ArgumentException($"ListenUrl '{ListenUrl}' must be an absolute http:// URL (the API is h2c on plain endpoints).");
        if (AdvertiseUrl is not null && !Uri.TryCreate(AdvertiseUrl, UriKind.Absolute, out _)) throw new ArgumentException($"AdvertiseUrl '{AdvertiseUrl}' is not an absolute URL.");
        Positive(nameof(CapacityBytes), CapacityBytes);
        Positive(nameof(HoldersPerBlock), HoldersPerBlock);
        Positive(nameof(CollateralBaseUnits), CollateralBaseUnits);
        Positive(nameof(MaxBlockPayloadBytes), MaxBlockPayloadBytes);
        Positive(nameof(MaxArchiveBytes), MaxArchiveBytes);
        if (MaxArchiveBytes > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(MaxArchiveBytes), MaxArchiveBytes, "The encoder addresses archives of at most 2 GiB.");
        Positive(nameof(ClockSkew), ClockSkew.Ticks);
        Positive(nameof(NonceCacheEntries), NonceCacheEntries);
        Positive(nameof(NonceEntriesPerSigner), NonceEntriesPerSigner);
        if (CustodyReadWindowHeights < 0) throw new ArgumentOutOfRangeException(nameof(CustodyReadWindowHeights), CustodyReadWindowHeights, "must not be negative");
        Positive(nameof(PendingGrace), PendingGrace.Ticks);
        if (MaxPendingBytes < 0) throw new ArgumentOutOfRangeException(nameof(MaxPendingBytes), MaxPendingBytes, "must not be negative");
        Positive(nameof(ReportInterval), ReportInterval.Ticks);
        Positive(nameof(MembershipRefresh), MembershipRefresh.Ticks);
        Positive(nameof(TicketCacheEntries), TicketCacheEntries);
        Positive(nameof(TicketCacheTtl), TicketCacheTtl.Ticks);
        Positive(nameof(ChainSubmitAttempts), ChainSubmitAttempts);
        Positive(nameof(RegistrationTimeout), RegistrationTimeout.Ticks);
        Positive(nameof(RequestTimeout), RequestTimeout.Ticks);
        Positive(nameof(StoreSessionTimeout), StoreSessionTimeout.Ticks);
        Positive(nameof(UploadParallelism), UploadParallelism);
        Positive(nameof(UploadQueueBlocks), UploadQueueBlocks);
        Positive(nameof(MaxStoreSessions), MaxStoreSessions);
        Positive(nameof(MaxStoreSessionsPerSigner), MaxStoreSessionsPerSigner);
        Positive(nameof(MaxListedBlocks), MaxListedBlocks);
        Positive(nameof(BlockHolderMailboxMessages), BlockHolderMailboxMessages);
        Positive(nameof(CodecThreads), CodecThreads);
        Positive(nameof(Redundancy), Redundancy);
        if (Healing.Problem() is { } healing) throw new ArgumentException("fountain.healing: " + healing);
        Challenges.Validate();
        Scrubbing.Validate();
        Journal.Validate();
        Status.Validate();
        Cluster.Validate();
        // Both listeners are derived from the API's port by default: the same offset would bind one port twice.
        if (Status.Enabled && string.IsNullOrEmpty(Status.ListenUrl) && Cluster.Enabled && Status.PortOffset == Cluster.AkkaPortOffset)
            throw new ArgumentException($"fountain.status.port-offset and fountain.node.cluster.akka-port-offset are both {Status.PortOffset}: "
                                        + "the status page and Akka remoting would share a port; change one of them (or set fountain.status.listen-url)");
    }

    /// <summary>
    /// Reads <c>fountain.node</c>, <c>fountain.challenges</c>, <c>fountain.scrubbing</c> and <c>fountain.healing</c>
    /// from a configuration merged over <see cref="NodeConfig.Defaults"/>; a bad value is a
    /// <see cref="SettingException"/> naming its key. <see cref="Layout"/> and <see cref="Redundancy"/> are
    /// fountain.codec's, which the CLI reads and sets with <c>with</c>.
    /// </summary>
    public static NodeSettings Read(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        const string p = "fountain.node.", c = "fountain.challenges.", s = "fountain.scrubbing.";
        int Int(string key) => config.ReadInt(p + key);
        TimeSpan Duration(string key) => config.ReadDuration(p + key);
        var advertise = config.ReadString(p + "advertise-url");
        var settings = new NodeSettings
        {
            DataFolder = config.ReadString(p + "data-folder"),
            ListenUrl = config.ReadString(p + "listen-url"),
            AdvertiseUrl = string.IsNullOrWhiteSpace(advertise) ? null : advertise,
            ChainUrl = config.ReadString(p + "chain-url"),
            CapacityBytes = config.ReadBytes(p + "capacity"),
            HoldersPerBlock = Int("holders-per-block"),
            CollateralBaseUnits = config.ReadLong(p + "collateral-base-units"),
            FundCollateralFromFaucet = config.ReadBool(p + "fund-collateral-from-faucet"),
            MaxBlockPayloadBytes = config.ReadIntBytes(p + "max-block-bytes", min: 1),
            MaxArchiveBytes = config.ReadBytes(p + "max-archive-bytes"),
            ClockSkew = Duration("clock-skew"),
            NonceCacheEntries = Int("nonce-cache-entries"),
            NonceEntriesPerSigner = Int("nonce-entries-per-signer"),
            CustodyReadWindowHeights = config.ReadLong(p + "custody-read-window-heights"),
            PendingGrace = Duration("pending-grace"),
            MaxPendingBytes = config.ReadBytes(p + "max-pending-bytes"),
            ReportInterval = Duration("report-interval"),
            MembershipRefresh = Duration("membership-refresh"),
            TicketCacheEntries = Int("ticket-cache-entries"),
            TicketCacheTtl = Duration("ticket-cache-ttl"),
            ChainSubmitAttempts = Int("chain-submit-attempts"),
            RegistrationTimeout = Duration("registration-timeout"),
            RequestTimeout = Duration("request-timeout"),
            StoreSessionTimeout = Duration("store-session-timeout"),
            UploadParallelism = Int("upload-parallelism"),
            UploadQueueBlocks = Int("upload-queue-blocks"),
            MaxStoreSessions = Int("max-store-sessions"),
            MaxStoreSessionsPerSigner = Int("max-store-sessions-per-signer"),
            MaxListedBlocks = Int("max-listed-blocks"),
            BlockHolderMailboxMessages = Int("block-holder-mailbox-messages"),
            CodecThreads = Int("codec-threads"),
            LogToConsole = config.ReadBool(p + "log-to-console"),
            // An object value prints its fields without the braces around them.
            AkkaHocon = config.HasPath("akka") ? "akka {\n" + config.GetValue("akka") + "\n}" : null,
            Journal = ReadJournal(config, p + "journal."),
            Cluster = Fountain.Node.Cluster.NodeClusterSettings.Read(config),
            Healing = Fountain.Node.Healing.HealingSettings.Read(config),
            Status = Fountain.Node.Status.StatusSettings.Read(config),
            Challenges = new ChallengeSettings
            {
                Enabled = config.ReadBool(c + "enabled"),
                EpochHeights = config.ReadLong(c + "epoch-heights"),
                AnswerDeadline = config.ReadDuration(c + "answer-deadline"),
                MaxRangeBytes = config.ReadBytes(c + "max-range"),
                ChallengesPerTarget = config.ReadInt(c + "challenges-per-target"),
                RejoinGraceHeights = config.ReadLong(c + "rejoin-grace-heights"),
                MaxPlannedArtworks = config.ReadInt(c + "max-planned-artworks"),
            },
            Scrubbing = new ScrubbingSettings
            {
                Enabled = config.ReadBool(s + "enabled"),
                BytesPerSecond = config.ReadBytes(s + "bytes-per-second"),
                Interval = config.ReadDuration(s + "interval"),
            },
        };
        // Each block's own checks first, so that an error names the key it is about.
        SettingReads.Validate(c, settings.Challenges.Validate, ("MaxRangeBytes", "max-range"));
        SettingReads.Validate(s, settings.Scrubbing.Validate);
        SettingReads.Validate(p + "journal.", settings.Journal.Validate, ("Provider", "provider"), ("ConnectionString", "connection-string"), ("SnapshotEveryEvents", "snapshot-every-events"), ("SqliteSynchronous", "sqlite-synchronous"));
        SettingReads.Validate(p, settings.Validate, ("CapacityBytes", "capacity"), ("MaxBlockPayloadBytes", "max-block-bytes"));
        return settings;
    }

    private static JournalSettings ReadJournal(Config config, string prefix)
    {
        var connection = config.ReadString(prefix + "connection-string");
        return new JournalSettings
        {
            // The same words as fountain.chain.storage.backend.
            Provider = config.ReadChoice(prefix + "provider", ("sqlite", JournalProvider.Sqlite), ("postgres", JournalProvider.PostgreSql)),
            ConnectionString = string.IsNullOrWhiteSpace(connection) ? null : connection,
            SqliteSynchronous = config.ReadChoice(prefix + "sqlite-synchronous", ("normal", SqliteSynchronous.Normal), ("full", SqliteSynchronous.Full)),
            SnapshotEveryEvents = config.ReadInt(prefix + "snapshot-every-events"),
        };
    }
}
