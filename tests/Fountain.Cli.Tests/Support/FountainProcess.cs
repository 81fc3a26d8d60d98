using System.Diagnostics;

namespace Fountain.Cli.Tests.Support;

/// <summary>What a `fountain` child process wrote and how it ended.</summary>
internal sealed record ProcessOutput(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the built `fountain` as a separate process, as a user's shell or script does, with its streams redirected (pipes).</summary>
internal static class FountainProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "fountain.dll");

    public static async Task<ProcessOutput> RunAsync(TimeSpan limit, IReadOnlyDictionary<string, string?>? environment = null, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Dll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var within = new CancellationTokenSource(limit);
        try { await process.WaitForExitAsync(within.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        return new ProcessOutput(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The repository's root (where cluster-lab/ is), found above the test assembly.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "cluster-lab"))) return dir.FullName;
        throw new DirectoryNotFoundException("the repository root (with cluster-lab/) is not above the test assembly.");
    }
}
