using Fountain.Cli.Fuzzing;
using Fountain.Codec.Fuzzing;

namespace Fountain.Cli.Tests;

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
        // Known finding, not fixed here (Fountain.Chain is outside this change): PublicKeys.Verify catches only
        // CryptographicException, and a key whose curve OID is mutated makes ECDsa throw PlatformNotSupportedException,
        // which would escape from the node's RequestAuthenticator as a server error. Any other crash fails this test;
        // once PublicKeys is fixed, there are none.
        Assert.True(report.CrashesByType.Keys.All(t => t == typeof(PlatformNotSupportedException).FullName), string.Join("; ", report.CrashesByType.Keys));
        Assert.All(report.FirstCrashes, c => Assert.Contains("curve", c.Message, StringComparison.Ordinal));
    }
}
