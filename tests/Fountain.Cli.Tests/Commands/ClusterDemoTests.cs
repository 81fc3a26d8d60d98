using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Fountain.Cli.Tests.Support;

namespace Fountain.Cli.Tests.Commands;

/// <summary>
/// README's main job, `fountain cluster demo`, as a user runs it (a separate process), on a smaller network and sample so
/// that it fits the suite: the artwork comes back bit-exact after most nodes stop, the chain marks the stopped nodes
/// offline, and after new nodes join the network heals the artwork back to its target; by default with the masternodes
/// in one Akka cluster (formation, the leaves and the joins printed, heals in the sharded artwork actor on its
/// custodian), with --no-cluster each node alone.
/// </summary>
public sealed partial class ClusterDemoTests
{
    [Theory(Timeout = 240_000)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Cluster_demo_retrieves_bit_exact_marks_the_stopped_nodes_offline_and_heals_back_to_target(bool clustered)
    {
        // Two holders per block from a --config file, a longer liveness window from --set (the demo's own default is 5 s).
        var config = Path.Combine(Directory.CreateTempSubdirectory("fountain-cluster-demo-test-").FullName, "demo.conf");
        File.WriteAllText(config, "fountain.node.holders-per-block = 2\n");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fountain.dll"));
        foreach (var arg in new[] { "cluster", "demo", "--nodes", "8", "--size", "2MB", "--seed", "11", "--config", config, "--set", "fountain.chain.offline-after=6s" })
            info.ArgumentList.Add(arg);
        if (!clustered) info.ArgumentList.Add("--no-cluster");
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
        if (clustered)
        {
            // 8 members form; 6 stop (75%) and leave gracefully, so keep-majority downs nobody; 2 newcomers join.
            Assert.Contains("members of one Akka cluster", log);
            Assert.Matches(@"cluster: 8 members Up in \d+\.\d s", log);
            Assert.Contains("cluster: 2 members Up, the 6 stopped ones left gracefully", log);
            Assert.Matches(@"cluster: 4 members Up in \d+\.\d s", log);
            Assert.Contains("cluster forming (nodes seeing every running node Up): 8 of 8, done", log);
            // Every heal round's check ran in the artwork's sharded actor, on the custodian that was asked.
            Assert.Matches(@"round 1 \(epoch \d+\): .*its actor ran on the custodian [0-9a-f]{12} \(sharded region\)", log);
            Assert.DoesNotContain("not on the custodian", log);
            Assert.DoesNotContain("did not report", log);
        }
        else
        {
            Assert.Contains("cluster: none (--no-cluster", log);
            Assert.DoesNotContain("members Up", log);
            Assert.DoesNotContain("sharded region", log);
        }
        Directory.Delete(Path.GetDirectoryName(config)!, recursive: true);
    }

    [Fact]
    public async Task The_demo_documents_running_its_nodes_alone()
    {
        var help = await FountainProcess.RunAsync(TimeSpan.FromSeconds(60), null, "cluster", "demo", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--no-cluster", help.Stdout);
        Assert.Contains("Run every masternode alone", help.Stdout);
    }

    [GeneratedRegex(@"healthy: a fresh measurement finds redundancy (\d+\.\d+)")]
    private static partial Regex Healthy();
}
