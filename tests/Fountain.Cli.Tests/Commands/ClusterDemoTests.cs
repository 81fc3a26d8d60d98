using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Fountain.Cli.Tests.Commands;

/// <summary>
/// README's main job, `fountain cluster demo`, as a user runs it (a separate process), on a smaller network and sample so
/// that it fits the suite: the artwork comes back bit-exact after most nodes stop, the chain marks the stopped nodes
/// offline, and after new nodes join the network heals the artwork back to its target.
/// </summary>
public sealed partial class ClusterDemoTests
{
    [Fact(Timeout = 240_000)]
    public async Task Cluster_demo_retrieves_bit_exact_marks_the_stopped_nodes_offline_and_heals_back_to_target()
    {
        // Two holders per block from a --config file, a longer liveness window from --set (the demo's own default is 5 s).
        var config = Path.Combine(Directory.CreateTempSubdirectory("fountain-cluster-demo-test-").FullName, "demo.conf");
        File.WriteAllText(config, "fountain.node.holders-per-block = 2\n");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fountain.dll"));
        foreach (var arg in new[] { "cluster", "demo", "--nodes", "8", "--size", "2MB", "--seed", "11", "--config", config, "--set", "fountain.chain.offline-after=6s" })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(200));
        await process.WaitForExitAsync(limit.Token);
        string log = await stderr, output = await stdout;

        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}\n{log}");
        Assert.Contains("bit-exact", log);
        Assert.Contains("each block goes to 2 holders", log);
        Assert.Contains("marked the 6 stopped masternodes offline", log);
        Assert.Contains("offline-after = 6 s", log);
        var healthy = Healthy().Match(log);
        Assert.True(healthy.Success, log);
        Assert.True(double.Parse(healthy.Groups[1].Value, CultureInfo.InvariantCulture) >= 12.0, healthy.Value);
        Assert.Matches("^[0-9a-f]{64}$", output.Trim());
        // Its phases as progress (plain lines, stderr being a pipe): the store's archive upload in bytes and the blocks
        // the masternode placed, the retrieval's blocks, the wait for the chain and each heal round.
        Assert.Matches(@"sending the archive \(bytes\): [0-9.]+ [KM]iB of [0-9.]+ [KM]iB, done", log);
        Assert.Matches(@"masternode encodes and places \(blocks\): (\d+) of \1, done", log);
        Assert.Contains("registering the ticket: 1 of 1, done", log);
        Assert.Contains("fetching and decoding (valid blocks)", log);
        Assert.Contains("chain marking the 6 stopped nodes offline: 6 of 6, done", log);
        Assert.Contains("heal round 1 (custodian measures, repairs): done", log);
        Assert.DoesNotContain("done", output);
        Directory.Delete(Path.GetDirectoryName(config)!, recursive: true);
    }

    [GeneratedRegex(@"healthy: a fresh measurement finds redundancy (\d+\.\d+)")]
    private static partial Regex Healthy();
}
