using System.Diagnostics;
using Fountain.Cli.Terminal;
using Fountain.Node.Cluster;

namespace Fountain.Cli.Commands;

/// <summary>
/// `fountain cluster up --processes`: each masternode as its own `fountain node run` process (this same program), as
/// operators run them, so that one can be stopped with SIGTERM or killed with SIGKILL on its own. Every node gets the
/// configuration the command was given (--config, --set) and its own data folder, listen port and the chain's URL.
/// Disposing stops them: SIGTERM to each (each leaves the cluster and exits), then waits; one that does not exit in
/// time is killed.
/// </summary>
internal sealed class NodeProcesses : IAsyncDisposable
{
    private readonly List<Process> _processes = [];

    public IReadOnlyList<Process> Processes => _processes;

    /// <param name="firstPort">Node n listens on this + n; 0: any free port, and then each node runs alone (its cluster address needs its port).</param>
    public static NodeProcesses Start(LocalCluster chain, int nodes, int firstPort, string? configPath, IReadOnlyList<string>? sets)
    {
        var started = new NodeProcesses();
        for (int i = 0; i < nodes; i++)
        {
            var info = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
            // Run as `dotnet fountain.dll`: the child is `dotnet` too, with this assembly; as the apphost: itself.
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet") info.ArgumentList.Add(typeof(NodeProcesses).Assembly.Location);
            string[] args = ["node", "run", "--chain", chain.ChainAddress.ToString(), "--listen", $"http://127.0.0.1:{(firstPort == 0 ? 0 : firstPort + i)}",
                "--data", chain.NodeFolder(i)];
            foreach (var arg in args) info.ArgumentList.Add(arg);
            if (configPath is not null) { info.ArgumentList.Add("--config"); info.ArgumentList.Add(configPath); }
            foreach (var set in sets ?? []) { info.ArgumentList.Add("--set"); info.ArgumentList.Add(set); }
            started._processes.Add(Process.Start(info) ?? throw new InvalidOperationException("could not start a node process"));
        }
        return started;
    }

    /// <summary>Waits until the chain counts <paramref name="nodes"/> masternodes as members at its head, or a process ends early.</summary>
    public async Task WaitForMembersAsync(LocalCluster chain, int nodes, TimeSpan within, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(within);
        while (true)
        {
            var state = chain.Chain.State;
            if (state.Masternodes.Values.Count(m => m.IsMemberAt(state.Head.Height)) >= nodes) return;
            if (_processes.FirstOrDefault(p => p.HasExited) is { } ended)
                throw new InvalidOperationException($"node process {ended.Id} ended with exit code {ended.ExitCode} before it became a member");
            try { await Task.Delay(200, deadline.Token); }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                throw new TimeoutException($"the chain did not count {nodes} node processes as members within {within}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Where(p => !p.HasExited))
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString()]);
            if (term is not null) await term.WaitForExitAsync();
        }
        foreach (var process in _processes)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await process.WaitForExitAsync(stop.Token); }
            catch (OperationCanceledException)
            {
                Ui.Error($"node process {process.Id} did not stop within 30 s after SIGTERM; killing it");
                process.Kill(entireProcessTree: true);
            }
            process.Dispose();
        }
    }
}
