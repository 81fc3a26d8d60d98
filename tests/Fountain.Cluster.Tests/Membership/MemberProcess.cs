using System.Collections.Concurrent;
using System.Diagnostics;
using Fountain.Actors.Cluster;

namespace Fountain.Cluster.Tests.Membership;

/// <summary>
/// A masternode as its own process, as an operator runs it: `fountain node run` (the CLI built beside the tests) on a
/// fixed port, in cluster mode with the quick timings of <see cref="MemberNodes.QuickCluster"/>. Its output is kept for
/// the failure message. Disposing kills it if it still runs.
/// </summary>
internal sealed class MemberProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private MemberProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }
    public int Id => _process.Id;
    public string ClusterAddress => ClusterAddresses.Of("127.0.0.1", Port + ClusterAddresses.DefaultPortOffset);
    public string Output => string.Join('\n', _output);
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public static MemberProcess Start(Uri chain, string dataFolder, params string[] sets)
    {
        int port = MemberNodes.FreePortRange(1, ClusterAddresses.DefaultPortOffset);
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fountain.dll"));
        string[] args =
        [
            "node", "run", "--chain", chain.ToString(), "--listen", $"http://127.0.0.1:{port}", "--data", dataFolder,
            "--set", "fountain.node.membership-refresh=200ms", "--set", "fountain.node.log-to-console=true",
            "--set", "fountain.node.cluster.stable-after=2s", "--set", "fountain.node.cluster.rebalance-interval=500ms", "--set", "fountain.node.cluster.refresh-interval=2s",
            "--set", "fountain.challenges.enabled=false", "--set", "fountain.scrubbing.enabled=false",
            .. sets.SelectMany(s => new[] { "--set", s }),
        ];
        foreach (var arg in args) info.ArgumentList.Add(arg);
        return new MemberProcess(Process.Start(info)!, port);
    }

    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString()])!;
        await kill.WaitForExitAsync();
    }

    /// <summary>Waits for the process to end; false if it still runs after <paramref name="within"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
        _process.Dispose();
    }
}
