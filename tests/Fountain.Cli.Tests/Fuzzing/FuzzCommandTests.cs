using Fountain.Cli.Fuzzing;
using Fountain.Codec.Fuzzing;
using Fountain.Cli.Tests.Support;

namespace Fountain.Cli.Tests.Fuzzing;

/// <summary>`fountain fuzz` and the signed-request target, briefly.</summary>
public sealed class FuzzCommandTests
{
    [Fact]
    public void Fuzz_prints_inputs_rejections_and_crashes_and_succeeds_without_crashes()
    {
        var (exit, output) = CliRunner.Run("fuzz", "blocks", "--inputs", "2000", "--seed", "3");
        Assert.Equal(0, exit);
        Assert.Contains("target blocks  seed 3  inputs 2000  accepted ", output);
        Assert.Contains("crashes 0", output);
        Assert.Matches(@"rejected \d+", output);
    }

    [Fact]
    public void Fuzz_refuses_an_unknown_target()
    {
        Assert.NotEqual(0, CliRunner.Run("fuzz", "everything", "--inputs", "10").ExitCode);
    }

    [Fact]
    public void Signed_request_parsing_survives_mutated_requests_and_never_accepts_a_forgery()
    {
        var target = new RequestFuzzTarget();
        Assert.All(target.Seeds, seed => Assert.Equal(FuzzOutcome.Accepted, target.Run(seed))); // the seeds verify
        var report = FuzzRunner.Run(target, 20_000, seed: 1);
        Assert.True(report.Rejected > 10_000 && report.Accepted > 0, $"accepted {report.Accepted}, rejected {report.Rejected}");
        Assert.DoesNotContain(report.FirstCrashes, c => c.ExceptionType.EndsWith(nameof(FuzzViolation), StringComparison.Ordinal));
        // PublicKeys.Verify once let ECDsa's PlatformNotSupportedException (a mutated curve OID) escape: now none may.
        Assert.True(report.Crashes == 0, string.Join("; ", report.CrashesByType.Keys));
    }
}
