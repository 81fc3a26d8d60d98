using System.Diagnostics;
using System.Text.RegularExpressions;
using Fountain.Chain.Http;

namespace Fountain.Cli.Tests.Commands;

/// <summary>`fountain cluster up` as a user runs it: a separate process, stopped with Ctrl-C (SIGINT), restarted on its data.</summary>
public sealed partial class ClusterUpTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fountain-cluster-up-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact(Timeout = 240_000)]
    public async Task Cluster_up_becomes_ready_stops_cleanly_on_ctrl_c_and_starts_again_on_its_data()
    {
        var data = Path.Combine(_root, "cluster");
        for (int run = 1; run <= 2; run++)
        {
            using var process = Start("cluster", "up", "--nodes", "2", "--data", data, "--chain-port", "0", "--first-node-port", "0");
            var ready = await WaitForLine(process, "ready", TimeSpan.FromSeconds(120));
            Assert.True(ready is not null, $"run {run}: the cluster did not report ready");
            Assert.True(File.Exists(Path.Combine(data, "owner.key")));
            Assert.Equal(2, Directory.EnumerateDirectories(data, "node-*").Count());

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()])) await kill!.WaitForExitAsync();
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(stopped.Token);
            Assert.Equal(0, process.ExitCode);
        }
    }

    [Fact(Timeout = 240_000)]
    public async Task Cluster_up_takes_its_chain_and_node_settings_from_config_and_set()
    {
        var config = Path.Combine(_root, "cluster.conf");
        File.WriteAllText(config, "fountain.node {\n  capacity = 3GiB\n}\nfountain.economics.perpetual-fee.replicas = 20\n");
        using var process = Start("cluster", "up", "--nodes", "2", "--data", Path.Combine(_root, "configured"), "--chain-port", "0", "--first-node-port", "0",
            "--config", config, "--set", "fountain.economics.pricing.replication=5");
        var ready = await WaitForLine(process, "ready", TimeSpan.FromSeconds(120));
        Assert.True(ready is not null, "the cluster did not report ready");
        try
        {
            using var chain = new ChainClient(new Uri(ChainUrl().Match(ready).Groups[1].Value));
            var network = await chain.GetNetworkAsync();
            Assert.Equal((20, 5), (network.PerpetualReplicas, network.Replication)); // the chain's settings: --config, then --set
            // The nodes' settings: each reports the capacity the file gives it, once a height has sealed their reports.
            using var within = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while ((network = await chain.GetNetworkAsync(within.Token)).ReportedTotalBytes != 2 * (3L << 30))
                await Task.Delay(200, within.Token);
        }
        finally
        {
            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()])) await kill!.WaitForExitAsync();
            await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token);
        }
        Assert.Equal(0, process.ExitCode);
    }

    [Theory(Timeout = 60_000)]
    [InlineData("up")]
    [InlineData("demo")]
    public async Task Cluster_up_and_demo_refuse_a_bad_setting_before_starting_anything(string command)
    {
        var config = Path.Combine(_root, "bad.conf");
        File.WriteAllText(config, "fountain.node.holders-per-block = many\n");
        var data = Path.Combine(_root, "never");
        using var process = Start("cluster", command, "--data", data, "--config", config);
        // Errors are wrapped to the terminal's width: compare them with whitespace collapsed.
        var error = Regex.Replace(await process.StandardError.ReadToEndAsync(), @"\s+", " ");
        await process.WaitForExitAsync();
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("fountain.node.holders-per-block", error);
        Assert.Contains("bad.conf", error);
        Assert.False(Directory.Exists(data));

        using var typo = Start("cluster", command, "--data", data, "--set", "fountain.node.holders-per-blok=3");
        Assert.Contains("did you mean fountain.node.holders-per-block", Regex.Replace(await typo.StandardError.ReadToEndAsync(), @"\s+", " "));
        await typo.WaitForExitAsync();
        Assert.Equal(1, typo.ExitCode);
    }

    [GeneratedRegex(@"chain (http://[^;\s]+);")]
    private static partial Regex ChainUrl();

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fountain.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return Process.Start(info)!;
    }

    /// <summary>Reads standard error until a line contains <paramref name="text"/> (and returns it), the process ends, or time runs out.</summary>
    private static async Task<string?> WaitForLine(Process process, string text, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
                if (line.Contains(text, StringComparison.Ordinal)) return line;
        }
        catch (OperationCanceledException) { }
        return null;
    }
}
