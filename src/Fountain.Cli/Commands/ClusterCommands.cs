using System.CommandLine;
using System.Diagnostics;
using Fountain.Chain.Configuration;
using Fountain.Chain.Identity;
using Fountain.Cli.Configuration;
using Fountain.Cli.Terminal;
using Fountain.Codec.Archive;
using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Node.Client;
using Fountain.Node.Cluster;
using Fountain.Node.Configuration;
using Fountain.Node.Owner;
using Fountain.Node.Retrieval;
using Spectre.Console;

namespace Fountain.Cli.Commands;

/// <summary>
/// fountain cluster up and fountain cluster demo: a development network on loopback (issue 4, item 5). Both read the
/// configuration as `chain run` and `node run` do (--config, FOUNTAIN__ variables, --set) for the chain's rules and
/// every node's settings; the cluster's own options place it (data folders, ports) and keep the chain in SQLite.
/// </summary>
internal static class ClusterCommands
{
    /// <summary>A development cluster seals a height a second (the reference's 5 s is a real chain's pace).</summary>
    private const string UpDefaults = "fountain.chain.height-interval = 1s";

    /// <summary>
    /// The demo's own defaults: one-second heights and a short liveness window, so that the loss of nodes shows within the
    /// demo (nodes report on every height), and three holders per block, not the seed's "at least 10": on 12 nodes,
    /// r = 10 puts nearly every block on nearly every node, so losing 75% of them would lose almost nothing and there
    /// would be no heal to show.
    /// </summary>
    // Heights every second move custody with them; each heal round waits for the artwork's shard to follow its custodian,
    // so the demo's coordinator rebalances every 0.5 s rather than the node's 2 s.
    private const string DemoDefaults = """
        fountain.chain { height-interval = 1s, offline-after = 5s }
        fountain.node.holders-per-block = 3
        fountain.node.cluster.rebalance-interval = 500ms
        """;

    public static IEnumerable<Command> Create()
    {
        var cluster = new Command("cluster", "Run a development network (a chain and masternodes) on this machine.");
        cluster.Subcommands.Add(Up());
        cluster.Subcommands.Add(Demo());
        foreach (var command in ClusterManagementCommands.Create()) cluster.Subcommands.Add(command);
        return [cluster];
    }

    private static Option<int> NodesOption(int defaultNodes) => new("--nodes", "-n") { Description = "How many masternodes.", DefaultValueFactory = _ => defaultNodes };

    private static Command Up()
    {
        var nodes = NodesOption(12);
        var data = new Option<string>("--data") { Description = "Folder for the chain's and the nodes' data, kept between runs.", DefaultValueFactory = _ => "fountain-cluster" };
        var chainPort = new Option<int>("--chain-port") { Description = "The chain's port on 127.0.0.1 (0: any free port).", DefaultValueFactory = _ => 7000 };
        var firstPort = new Option<int>("--first-node-port") { Description = "Node n listens on this port + n (0: any free ports).", DefaultValueFactory = _ => 7100 };
        var config = FountainConfig.ConfigOption("fountain.chain, fountain.economics, fountain.node, fountain.healing, fountain.codec ...; heights every 1s unless it says otherwise");
        var sets = FountainConfig.SetOption();
        var processes = new Option<bool>("--processes") { Description = "Run each masternode as its own `fountain node run` process (stopped with SIGTERM on Ctrl-C)." };
        var command = new Command("up", "Start a development chain and N masternodes on 127.0.0.1, members of one Akka cluster (fixed ports), ready to use; Ctrl-C stops everything cleanly.")
        {
            nodes, data, chainPort, firstPort, config, sets, processes,
        };
        nodes.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100) r.AddError("--nodes must be from 1 to 100."); });
        command.SetAction(parse => CliAction.Run(() =>
        {
            var folder = Path.GetFullPath(parse.GetValue(data)!);
            var (chain, node) = Read(FountainConfig.Load(parse.GetValue(config), parse.GetValue(sets), commandDefaults: UpDefaults));
            if (MoreHoldersThanNodes(node.HoldersPerBlock, parse.GetValue(nodes)) is { } warning) Ui.Step($"[yellow]warning:[/] {Markup.Escape(warning)}");
            using var stop = new StopSignal();
            bool separate = parse.GetValue(processes);
            var cluster = LocalCluster.StartAsync(new LocalClusterOptions
            {
                DataFolder = folder,
                Nodes = separate ? 0 : parse.GetValue(nodes),
                ChainListen = $"http://127.0.0.1:{parse.GetValue(chainPort)}",
                FirstNodePort = parse.GetValue(firstPort),
                Chain = chain.Chain,
                Server = chain.Server,
                Node = node,
            }, new Progress<string>(line => Ui.Step(Markup.Escape(line))), stop.Token).GetAwaiter().GetResult();
            NodeProcesses? children = null;
            try
            {
                if (separate)
                {
                    children = NodeProcesses.Start(cluster, parse.GetValue(nodes), parse.GetValue(firstPort), parse.GetValue(config), parse.GetValue(sets));
                    children.WaitForMembersAsync(cluster, parse.GetValue(nodes), node.RegistrationTimeout * 2, stop.Token).GetAwaiter().GetResult();
                    Ui.Step($"{parse.GetValue(nodes)} node processes: {string.Join(' ', children.Processes.Select(p => p.Id))}");
                }
                var ownerKey = Path.Combine(folder, "owner.key");
                using var owner = NodeKey.LoadOrCreate(ownerKey);
                cluster.FundAsync(owner, 100_000 * 100_000_000L).GetAwaiter().GetResult();
                Ui.Step($"[green]ready[/]: {parse.GetValue(nodes)} masternodes; chain {cluster.ChainAddress}; an owner key with 100000 tokens: {Markup.Escape(ownerKey)}");
                if (cluster.StatusAddress is { } page) Ui.Step(Markup.Escape($"status page of the network: {page} (each node's: its API port + 2000)"));
                Ui.Step(Markup.Escape($"try: fountain store photos/ --chain {cluster.ChainAddress} --key {ownerKey}"));
                Ui.Step(Markup.Escape($"     fountain retrieve <artwork id> --chain {cluster.ChainAddress} --key {ownerKey} --out restored/"));
                Ui.Step("Ctrl-C stops the cluster; its data stays in the folder for the next run.");
                try { Task.Delay(Timeout.Infinite, stop.Token).GetAwaiter().GetResult(); }
                catch (OperationCanceledException) { }
                Ui.Step("stopping...");
            }
            finally
            {
                children?.DisposeAsync().AsTask().GetAwaiter().GetResult();
                cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            Ui.Step("[green]stopped[/]");
            return CliAction.Success;
        }));
        return command;
    }

    private static Command Demo()
    {
        var nodes = NodesOption(12);
        var size = new Option<string>("--size") { Description = "Size of the generated sample artwork.", DefaultValueFactory = _ => "20MB" };
        var stopFraction = new Option<double>("--stop") { Description = "Fraction of the masternodes to stop before retrieving.", DefaultValueFactory = _ => 0.75 };
        var corrupt = new Option<double>("--corrupt") { Description = "Fraction of the surviving nodes' block files to corrupt.", DefaultValueFactory = _ => 0.10 };
        var seed = new Option<int?>("--seed") { Description = "Seed of the sample and of the choices of nodes and blocks; random if omitted, and printed." };
        var data = new Option<string?>("--data") { Description = "Folder to keep the demo's network and files in; a temporary folder, removed afterwards, if omitted." };
        var holders = new Option<int?>("--holders")
        {
            Description = "Holders per block (default 3 here, i.e. fountain.node.holders-per-block: enough that the loss of 75% of the nodes costs the artwork blocks, which the network then heals; a real network uses 10 or more).",
        };
        holders.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1 or > 64) r.AddError("--holders must be from 1 to 64."); });
        var noCluster = new Option<bool>("--no-cluster")
        {
            Description = "Run every masternode alone, on ephemeral ports, each with its own artwork region, instead of as members of one Akka cluster "
                + "(the default: the demo picks free ports, the API's p..p+n-1 and Akka's p+1000.., and the artwork actors are sharded on their custodians).",
        };
        var config = FountainConfig.ConfigOption("fountain.chain, fountain.node, fountain.codec ...; the demo's defaults are 1s heights, offline-after 5s, 3 holders");
        var sets = FountainConfig.SetOption();
        var command = new Command("demo", "The seed's demonstration on a real network: start 12 nodes as one Akka cluster, store a 20 MB sample, stop 75% of the nodes, corrupt blocks on the survivors, retrieve and verify, let new nodes join and heal.")
        {
            nodes, size, stopFraction, corrupt, seed, data, holders, noCluster, config, sets,
        };
        foreach (var fraction in new[] { stopFraction, corrupt })
            fraction.Validators.Add(r => { if (r.GetValueOrDefault<double>() is < 0 or >= 1) r.AddError($"{r.Option.Name} is a fraction from 0 to less than 1."); });
        nodes.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100) r.AddError("--nodes must be from 1 to 100."); });
        command.SetAction(parse => CliAction.Run(() =>
        {
            var keep = parse.GetValue(data);
            var (chain, node) = Read(FountainConfig.Load(parse.GetValue(config), parse.GetValue(sets), commandDefaults: DemoDefaults));
            if (parse.GetValue(holders) is { } r) node = node with { HoldersPerBlock = r };
            bool clustered = node.Cluster.Enabled && !parse.GetValue(noCluster);
            if (!clustered) node = node with { Cluster = node.Cluster with { Enabled = false } };
            // The demo's point is what a loss of nodes costs at r holders: with fewer nodes than r it would show another r.
            if (MoreHoldersThanNodes(node.HoldersPerBlock, parse.GetValue(nodes)) is { } refusal) throw new ArgumentException(refusal + "; give --holders at most --nodes.");
            var folder = Path.GetFullPath(keep ?? Path.Combine(Path.GetTempPath(), "fountain-cluster-demo-" + Guid.NewGuid().ToString("N")));
            try
            {
                return RunDemo(folder, parse.GetValue(nodes), ByteSize.Parse(parse.GetValue(size)!), parse.GetValue(stopFraction), parse.GetValue(corrupt),
                    parse.GetValue(seed) ?? Random.Shared.Next(), chain, node, clustered).GetAwaiter().GetResult();
            }
            finally
            {
                if (keep is null && Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            }
        }, typeof(StoreException), typeof(NodeRequestException)));
        return command;
    }

    /// <summary>
    /// Placement gives a block to r distinct masternodes, so with fewer nodes than r each block is kept on every node,
    /// fewer copies than asked for: said with the numbers rather than left for the user to discover.
    /// </summary>
    internal static string? MoreHoldersThanNodes(int holdersPerBlock, int nodes) => holdersPerBlock <= nodes ? null
        : $"{holdersPerBlock} holders per block were asked for, but the network has {nodes} masternodes: each block can be kept on at most {nodes}, so it gets {nodes} copies, not {holdersPerBlock}";

    /// <summary>The chain's settings and every node's (with fountain.codec's layout), as `chain run` and `node run` read them.</summary>
    private static (ChainSettings Chain, NodeSettings Node) Read(LoadedConfig loaded) =>
        (loaded.Read(ChainSettings.Read), loaded.Read(CodecSettings.Read).ForNode(loaded.Read(NodeSettings.Read)));

    private static async Task<int> RunDemo(string folder, int nodeCount, long sampleBytes, double stopFraction, double corruptFraction, int seed,
        ChainSettings chain, NodeSettings node, bool clustered)
    {
        var random = new Random(seed);
        Ui.Step($"[bold]Fountain network demo[/] (seed {seed}; --seed {seed} repeats it) in {Markup.Escape(folder)}");
        await using var cluster = await DemoCluster.StartAsync(folder, nodeCount, chain, node, clustered);
        Ui.Step($"1. started a development chain at {cluster.ChainAddress} and {nodeCount} masternodes on 127.0.0.1 (each block goes to {cluster.Node(0).Settings.HoldersPerBlock} holders)"
            + (DemoCluster.Clustered(cluster) ? ", members of one Akka cluster, each artwork's actor sharded on its custodian" : ", each running alone"));
        await using var heights = new DemoHeights(cluster.Chain, chain.Chain.HeightInterval);
        using var owner = NodeKey.Create();
        await cluster.FundAsync(owner, 100_000 * 100_000_000L);
        using var http = NodeClient.CreateHttpClient();
        var artworkOwner = new ArtworkOwner(cluster.ChainClient, owner, http);

        var input = Path.Combine(folder, "input");
        Directory.CreateDirectory(input);
        var sample = new byte[sampleBytes];
        random.NextBytes(sample);
        await File.WriteAllBytesAsync(Path.Combine(input, "sample-artwork.bin"), sample);
        var packed = ArchivePacker.Pack([input], 3);
        var archivePath = Path.Combine(folder, "archive.tar.zst");
        await File.WriteAllBytesAsync(archivePath, packed.Bytes);

        var clock = Stopwatch.StartNew();
        var stored = await Ui.WithProgressAsync(async board =>
        {
            var bars = new StoreProgressBars(board);
            try { return await artworkOwner.StoreThroughNodeAsync(archivePath, new StoreOptions(), new Progress<string>(line => Ui.Step("   " + Markup.Escape(line))), progress: bars); }
            finally { bars.Finish(); }
        });
        var storeSeconds = clock.Elapsed.TotalSeconds;
        Ui.Step($"2. stored {ByteSize.Format(packed.Bytes.Length)} as artwork {stored.ArtworkId[..16]}…: {stored.Blocks} blocks, {stored.Acknowledgements} copies acknowledged, ticket on the chain, in {storeSeconds:0.00} s");

        var toStop = Enumerable.Range(0, nodeCount).OrderBy(_ => random.Next()).Take((int)Math.Round(stopFraction * nodeCount)).ToList();
        var stoppedIds = toStop.Select(i => cluster.Node(i).NodeId).ToHashSet(StringComparer.Ordinal);
        clock.Restart();
        foreach (var i in toStop) await cluster.StopNodeAsync(i);
        Ui.Step($"3. stopped {toStop.Count} of {nodeCount} masternodes ({stopFraction * 100:0.#}%) in {clock.Elapsed.TotalSeconds:0.0} s, one after the other; {nodeCount - toStop.Count} remain");
        if (DemoCluster.Clustered(cluster))
        {
            // A stopped node leaves the cluster gracefully (CoordinatedShutdown): its members see it go, not become
            // unreachable, so keep-majority has nothing to decide even when most of the cluster stops.
            var settled = await DemoCluster.SettleAsync(cluster, "cluster taking in the leaves");
            Ui.Step(settled is { } s
                ? $"   cluster: {nodeCount - toStop.Count} members Up, the {toStop.Count} stopped ones left gracefully (every survivor's view agreed {s.TotalSeconds:0.0} s after the last stop)"
                : $"   [yellow]cluster: the survivors' views did not agree within the limit[/]: {Markup.Escape(DemoCluster.Describe(cluster))}");
        }

        int corrupted = 0;
        foreach (var i in Enumerable.Range(0, nodeCount).Where(cluster.IsRunning))
            foreach (var file in Directory.EnumerateFiles(Path.Combine(cluster.NodeFolder(i), "blocks"), "*.block", SearchOption.AllDirectories))
                if (random.NextDouble() < corruptFraction)
                {
                    using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
                    stream.Position = random.NextInt64(0, stream.Length);
                    int b = stream.ReadByte();
                    stream.Position--;
                    stream.WriteByte((byte)(b ^ 0x5A));
                    corrupted++;
                }
        Ui.Step($"4. overwrote a byte in {corrupted} block files on the surviving masternodes ({corruptFraction * 100:0.#}%)");

        clock.Restart();
        var retrieved = await NetworkCommands.RetrieveWithProgressAsync(artworkOwner, Hash256.Parse(stored.ArtworkId), new RetrievalOptions { FetchTimeout = TimeSpan.FromSeconds(10), OrderSeed = seed });
        var retrieveSeconds = clock.Elapsed.TotalSeconds;
        if (!retrieved.Complete)
        {
            Ui.Error($"5. could not retrieve: {retrieved.BlocksUsed} valid blocks, at least {retrieved.MinimumMoreBlocks} more needed.");
            return CliAction.Failure;
        }
        Ui.Step($"5. retrieved from the survivors in {retrieveSeconds:0.00} s: {retrieved.BlocksUsed} blocks used, {retrieved.FetchesFailed} fetches failed (stopped nodes, corrupted copies), {retrieved.DistrustedHolders.Count} holders caught serving bad blocks");

        var restored = Path.Combine(folder, "restored");
        if (Directory.Exists(restored)) Directory.Delete(restored, recursive: true);
        ArchiveExtractor.Extract(retrieved.Archive, restored);
        bool identical = (await File.ReadAllBytesAsync(Path.Combine(restored, "input", "sample-artwork.bin"))).AsSpan().SequenceEqual(sample);
        Ui.Step($"6. artwork id verified; restored file is {(identical ? "[green]bit-exact[/]" : "[red]DIFFERENT[/]")}");

        var (encodeSeconds, decodeSeconds) = CodecOnly(packed);
        Ui.Step($"   for comparison, codec alone on this archive: encode {encodeSeconds:0.00} s, decode {decodeSeconds:0.00} s; store took {storeSeconds / encodeSeconds:0.0}x encode, retrieve {retrieveSeconds / decodeSeconds:0.0}x decode");
        bool healed = await DemoHealing.RunAsync(cluster, heights, stored.ArtworkId, toStop, stoppedIds, chain.Chain.OfflineAfter, random);
        Console.Out.WriteLine(stored.ArtworkId);
        return identical && healed ? CliAction.Success : CliAction.Failure;
    }

    /// <summary>Encode and decode the same archive in this process, with the node's layout, as a bound for the network's figures.</summary>
    private static (double Encode, double Decode) CodecOnly(PackedArchive packed)
    {
        var blocks = new List<(byte[] Bytes, Hash256 Id)>();
        var clock = Stopwatch.StartNew();
        ArtworkEncoder.Encode(packed.Bytes, packed.ArtworkId, new EncodeOptions(), (_, id, block) => { lock (blocks) blocks.Add((block.ToArray(), id)); return null; });
        double encode = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var decoder = new ArtworkDecoder(packed.ArtworkId);
        PipelinedDecode.Run(decoder, blocks.OrderBy(_ => Random.Shared.Next()), b => new LoadedBlock(b.Bytes, b.Id));
        return (encode, clock.Elapsed.TotalSeconds);
    }
}
