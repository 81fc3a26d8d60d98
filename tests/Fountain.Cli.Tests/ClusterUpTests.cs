using System.Diagnostics;

namespace Fountain.Cli.Tests;

/// <summary>`fountain cluster up` as a user runs it: a separate process, stopped with Ctrl-C (SIGINT), restarted on its data.</summary>
public sealed class ClusterUpTests : IDisposable
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
            Assert.True(ready, $"run {run}: the cluster did not report ready");
            Assert.True(File.Exists(Path.Combine(data, "owner.key")));
            Assert.Equal(2, Directory.EnumerateDirectories(data, "node-*").Count());

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()])) await kill!.WaitForExitAsync();
            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(stopped.Token);
            Assert.Equal(0, process.ExitCode);
        }
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fountain.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return Process.Start(info)!;
    }

    /// <summary>Reads standard error until a line contains <paramref name="text"/>, the process ends, or time runs out.</summary>
    private static async Task<bool> WaitForLine(Process process, string text, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
                if (line.Contains(text, StringComparison.Ordinal)) return true;
        }
        catch (OperationCanceledException) { }
        return false;
    }
}
