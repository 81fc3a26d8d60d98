using System.Diagnostics;
using Fountain.Cli.Tests.Support;

namespace Fountain.Cli.Tests.Commands;

/// <summary>
/// `fountain encode` run as two separate processes on the same files gives the same artwork id (issue 14.1): .NET's
/// TarWriter put the process id into every pax header's name, so each run named a new artwork. Between the runs the
/// files' times are touched, which is not part of an artwork either.
/// </summary>
public sealed class ReproducibleEncodeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fountain-repro-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact(Timeout = 120_000)]
    public async Task Two_processes_encoding_the_same_files_print_the_same_artwork_id()
    {
        var input = Path.Combine(_root, "art");
        Directory.CreateDirectory(Path.Combine(input, "sub"));
        var data = new byte[100_000];
        new Random(14).NextBytes(data);
        File.WriteAllBytes(Path.Combine(input, "image.bin"), data);
        File.WriteAllText(Path.Combine(input, "sub", "notes.txt"), "issue 14.1");

        var first = await EncodeInChildProcess(input, Path.Combine(_root, "blocks-1"));
        File.SetLastWriteTimeUtc(Path.Combine(input, "image.bin"), DateTime.UtcNow.AddDays(-3));
        Directory.SetLastWriteTimeUtc(Path.Combine(input, "sub"), DateTime.UtcNow.AddHours(5));
        var second = await EncodeInChildProcess(input, Path.Combine(_root, "blocks-2"));

        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.Equal(first, second);
        // And this process agrees with both.
        Assert.Equal(first, CliRunner.Run("encode", input, "--out", Path.Combine(_root, "blocks-3")).Output.Trim());
    }

    private static async Task<string> EncodeInChildProcess(string input, string output)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "fountain.dll"), "encode", input, "--out", output })
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}: {await stderr}");
        return (await stdout).Trim();
    }
}
