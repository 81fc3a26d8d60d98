using System.Diagnostics;
using System.Text.RegularExpressions;
using Fountain.Cli.Tests.Support;

namespace Fountain.Cli.Tests.Terminal;

/// <summary>
/// `fountain` in a pipe or a file (issue 14, item 6): real commands in a child process with redirected streams write no
/// escape codes, wrap no line (an id stays whole), keep progress on standard error and results on standard output; with
/// standard error on a terminal (a pseudo-terminal from util-linux `script`) standard output is the same bytes, colour
/// appears on the terminal, and NO_COLOR takes it away.
/// </summary>
public sealed partial class PipedOutputTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private readonly string _root = Directory.CreateTempSubdirectory("fountain-piped-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private (string Input, string Blocks) Artwork()
    {
        var input = Path.Combine(_root, "input");
        Directory.CreateDirectory(input);
        var data = new byte[3_000_000];
        new Random(14).NextBytes(data);
        File.WriteAllBytes(Path.Combine(input, "image.bin"), data);
        return (input, Path.Combine(_root, "blocks"));
    }

    [Fact(Timeout = 300_000)]
    public async Task Encode_decode_and_inspect_in_pipes_write_plain_unwrapped_text_with_results_on_stdout_and_progress_on_stderr()
    {
        var (input, blocks) = Artwork();
        var encoded = await FountainProcess.RunAsync(Limit, null, "encode", input, "--out", blocks, "--block-size", "64KiB");
        Assert.True(encoded.ExitCode == 0, encoded.Stderr);
        var id = encoded.Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", id); // only the result: no progress, no narration

        var decoded = await FountainProcess.RunAsync(Limit, null, "decode", blocks, "--out", Path.Combine(_root, "restored"));
        Assert.True(decoded.ExitCode == 0, decoded.Stderr);
        Assert.Equal(id + "\n", decoded.Stdout);
        // The narration line is longer than 80 columns; it used to be wrapped there, splitting the id.
        Assert.Contains($"decoded artwork {id} from ", decoded.Stderr);
        Assert.Contains("decoding blocks", decoded.Stderr); // progress, as plain lines on standard error
        Assert.DoesNotContain("decoding blocks", decoded.Stdout);

        var block = Directory.EnumerateFiles(blocks).Order(StringComparer.Ordinal).First();
        var inspected = await FountainProcess.RunAsync(Limit, null, "inspect", block);
        Assert.True(inspected.ExitCode == 0, inspected.Stderr);
        Assert.Contains(id, inspected.Stdout);

        foreach (var output in new[] { encoded, decoded, inspected })
        {
            Assert.DoesNotContain('\u001b', output.Stdout);
            Assert.DoesNotContain('\u001b', output.Stderr);
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task Lab_run_in_a_pipe_prints_its_summary_on_stdout_and_its_progress_on_stderr()
    {
        var scenario = Path.Combine(FountainProcess.RepositoryRoot(), "cluster-lab", "reputation.conf");
        var run = await FountainProcess.RunAsync(Limit, null, "lab", "run", scenario, "--runs", "2", "--set", "timesteps=5", "--out", Path.Combine(_root, "lab"));
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains("reputation: runs", run.Stderr);
        Assert.DoesNotContain("reputation: runs", run.Stdout);
        Assert.Contains("values at timestep 5", run.Stdout);
        Assert.DoesNotContain('\u001b', run.Stdout);
        Assert.DoesNotContain('\u001b', run.Stderr);
    }

    [Fact(Timeout = 300_000)]
    public async Task With_stderr_on_a_terminal_stdout_is_the_same_and_the_terminal_gets_colour_unless_NO_COLOR()
    {
        if (!File.Exists("/usr/bin/script")) throw new InvalidOperationException("util-linux `script` is needed to give the command a terminal.");
        var (input, blocks) = Artwork();
        Assert.Equal(0, (await FountainProcess.RunAsync(Limit, null, "encode", input, "--out", blocks, "--block-size", "64KiB")).ExitCode);
        var piped = await FountainProcess.RunAsync(Limit, null, "decode", blocks, "--out", Path.Combine(_root, "piped"));

        var coloured = await OnTerminalAsync(blocks, Path.Combine(_root, "terminal"), noColor: false);
        Assert.Equal(piped.Stdout, coloured.Stdout);
        Assert.Matches(Colour(), coloured.Terminal);

        var plain = await OnTerminalAsync(blocks, Path.Combine(_root, "no-colour"), noColor: true);
        Assert.Equal(piped.Stdout, plain.Stdout);
        Assert.Contains("decoded artwork", plain.Terminal);
        Assert.DoesNotMatch(Colour(), plain.Terminal);
    }

    /// <summary>Runs `fountain decode` with standard error (and input) on a pseudo-terminal and standard output in a file.</summary>
    private async Task<(string Stdout, string Terminal)> OnTerminalAsync(string blocks, string output, bool noColor)
    {
        var stdoutFile = Path.Combine(_root, Path.GetFileName(output) + ".stdout");
        string command = $"dotnet '{FountainProcess.Dll}' decode '{blocks}' --out '{output}' > '{stdoutFile}'";
        var info = new ProcessStartInfo("/usr/bin/script") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-qec", command, "/dev/null" }) info.ArgumentList.Add(arg);
        info.Environment["TERM"] = "xterm-256color";
        info.Environment["NO_COLOR"] = noColor ? "1" : null;
        using var process = Process.Start(info)!;
        var terminal = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var within = new CancellationTokenSource(Limit);
        await process.WaitForExitAsync(within.Token);
        Assert.True(process.ExitCode == 0, await terminal + await errors);
        return (await File.ReadAllTextAsync(stdoutFile), await terminal);
    }

    /// <summary>An SGR sequence that sets a foreground colour (standard, bright, 256 or true colour); bold and resets are not colour.</summary>
    [GeneratedRegex(@"\u001b\[(?:\d+;)*(?:3[0-8]|9[0-7])(?:;\d+)*m")]
    private static partial Regex Colour();
}
