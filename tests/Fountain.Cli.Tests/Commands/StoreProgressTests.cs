using Fountain.Chain.Identity;
using Fountain.Node.Cluster;
using Fountain.Cli.Tests.Support;

namespace Fountain.Cli.Tests.Commands;

/// <summary>
/// `fountain store` against a real development network, in a pipe: its progress (plain lines on standard error) follows
/// the stages the owner goes through, and asking for more holders than the network has nodes is said with the numbers.
/// </summary>
public sealed class StoreProgressTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("fountain-store-progress-").FullName;
    private LocalCluster? _cluster;

    public async Task InitializeAsync()
    {
        _cluster = await LocalCluster.StartAsync(new LocalClusterOptions
        {
            DataFolder = Path.Combine(_root, "cluster"), Nodes = 3, ChainListen = "http://127.0.0.1:0", FirstNodePort = 0,
        });
        using var owner = NodeKey.LoadOrCreate(KeyPath);
        await _cluster.FundAsync(owner, 10_000 * 100_000_000L);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private string KeyPath => Path.Combine(_root, "owner.key");

    private string Input(string name, int bytes)
    {
        var folder = Path.Combine(_root, name);
        Directory.CreateDirectory(folder);
        var data = new byte[bytes];
        new Random(bytes).NextBytes(data);
        File.WriteAllBytes(Path.Combine(folder, "art.bin"), data);
        return folder;
    }

    private Task<ProcessOutput> Store(string input, params string[] extra) => FountainProcess.RunAsync(TimeSpan.FromSeconds(180), null,
        ["store", input, "--chain", _cluster!.ChainAddress.ToString(), "--key", KeyPath, "--block-size", "64KiB", .. extra]);

    [Fact(Timeout = 300_000)]
    public async Task A_store_reports_its_stages_on_stderr_and_only_the_artwork_id_on_stdout()
    {
        var local = await Store(Input("local", 600_000), "--local-encode");
        Assert.True(local.ExitCode == 0, local.Stderr);
        Assert.Matches("^[0-9a-f]{64}\n$", local.Stdout);
        Assert.Matches(@"encoding \(blocks\): (\d+) of \1, done", local.Stderr);
        Assert.Matches(@"uploading to holders \(blocks\): (\d+) of \1, done", local.Stderr);
        Assert.Contains("registering the ticket: 1 of 1, done", local.Stderr);
        // store's default is 10 holders per block; this network has 3 nodes.
        Assert.Contains("10 holders per block, but only 3 masternodes are eligible", local.Stderr);

        var through = await Store(Input("through", 700_000));
        Assert.True(through.ExitCode == 0, through.Stderr);
        Assert.Matches("^[0-9a-f]{64}\n$", through.Stdout);
        Assert.Matches(@"sending the archive \(bytes\): [0-9.]+ KiB of [0-9.]+ KiB, done", through.Stderr);
        Assert.Matches(@"masternode encodes and places \(blocks\): \d+ of \d+, done", through.Stderr);
        Assert.Contains("registering the ticket: 1 of 1, done", through.Stderr);
    }
}
