using System.Text.RegularExpressions;
using Fountain.Cli.Tests.Support;

namespace Fountain.Cli.Tests;

/// <summary>What a user meets in the repository around the command: README's test command, CI's, and .gitignore.</summary>
public sealed partial class RepositoryFilesTests
{
    private static string Read(string path) => File.ReadAllText(Path.Combine(FountainProcess.RepositoryRoot(), path));

    [Fact]
    public void README_and_ci_run_the_same_test_command_and_it_prints_why_tests_were_skipped()
    {
        var readme = TestCommand().Match(Read("README.md"));
        var ci = TestCommand().Match(Read(".ci/run"));
        Assert.True(readme.Success && ci.Success, "a `dotnet test Fountain.Actors.sln ...` line in README.md and .ci/run");
        Assert.Equal(readme.Groups[1].Value.Trim(), ci.Groups[1].Value.Trim());
        // xunit prints a skipped test's reason only from normal verbosity up (minimal shows its name alone).
        Assert.Contains("--logger \"console;verbosity=normal\"", readme.Value);
    }

    [Fact]
    public void The_default_cluster_up_data_folder_is_ignored_by_git()
    {
        var lines = Read(".gitignore").Split('\n').Select(l => l.Trim());
        Assert.Contains("/fountain-cluster/", lines); // `fountain cluster up` without --data
    }

    /// <summary>The test command up to a pipe or the end of the line.</summary>
    [GeneratedRegex(@"^(dotnet test Fountain\.Actors\.sln[^|\n]*?)(?:\s*2>&1.*)?$", RegexOptions.Multiline)]
    private static partial Regex TestCommand();
}
