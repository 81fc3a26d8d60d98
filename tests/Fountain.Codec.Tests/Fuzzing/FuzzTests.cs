using Fountain.Codec.Fuzzing;

namespace Fountain.Codec.Tests.Fuzzing;

/// <summary>
/// Short fuzz runs of the block parsers and the archive extractor, with fixed seeds so that a failure reproduces
/// (`fountain fuzz blocks|archive --inputs N --seed S` runs them long). Any crash fails the test with the input
/// number, exception and message.
/// </summary>
public sealed class FuzzTests
{
    private static void AssertNoCrash(FuzzReport report, long inputs)
    {
        Assert.Equal(inputs, report.Inputs);
        Assert.True(report.Crashes == 0,
            $"{report.Crashes} of {report.Inputs} inputs crashed {report.Target} (seed {report.Seed}): "
            + string.Join("; ", report.FirstCrashes.Take(5).Select(c => $"input {c.Input}: {c.ExceptionType}: {c.Message}")));
        // A fuzzer that rejects everything or accepts everything is not exploring.
        Assert.True(report.Rejected > inputs / 20, $"only {report.Rejected} rejections");
        Assert.True(report.Accepted > 0, "no input was accepted");
    }

    [Fact]
    public void The_block_parsers_survive_twenty_thousand_mutated_blocks()
    {
        const long inputs = 20_000;
        AssertNoCrash(FuzzRunner.Run(new BlockFuzzTarget(), inputs, seed: 2026), inputs);
    }

    [Fact]
    public void The_archive_extractor_survives_mutated_archives_and_writes_nothing_outside()
    {
        const long inputs = 3_000;
        // Every input is a real extraction: a RAM disk, where there is one, keeps this to seconds.
        using var target = new ArchiveFuzzTarget(Directory.Exists("/dev/shm") ? "/dev/shm" : null);
        AssertNoCrash(FuzzRunner.Run(target, inputs, seed: 2026), inputs);
    }

    [Fact]
    public void Inputs_are_a_function_of_the_seed_and_their_number()
    {
        var target = new BlockFuzzTarget();
        Assert.Equal(FuzzRunner.InputFor(target, 7, 12345), FuzzRunner.InputFor(target, 7, 12345));
        Assert.NotEqual(FuzzRunner.InputFor(target, 7, 12345), FuzzRunner.InputFor(target, 8, 12345));
    }

    [Fact]
    public void The_runner_counts_undocumented_exceptions_and_violations_as_crashes()
    {
        var report = FuzzRunner.Run(new Thrower(), 30, seed: 1);
        Assert.Equal((30L, 10L, 10L, 10L), (report.Inputs, report.Accepted, report.Rejected, report.Crashes));
        Assert.Contains(report.FirstCrashes, c => c.ExceptionType.EndsWith(nameof(FuzzViolation), StringComparison.Ordinal));
        Assert.Contains(report.FirstCrashes, c => c.ExceptionType.EndsWith(nameof(NullReferenceException), StringComparison.Ordinal));
        Assert.Equal([typeof(FuzzViolation).FullName!, typeof(NullReferenceException).FullName!], report.CrashesByType.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(10, report.CrashesByType.Values.Sum());
    }

    /// <summary>Accepts, refuses (documented), throws undocumented, breaks an invariant, in turn.</summary>
    private sealed class Thrower : IFuzzTarget
    {
        private int _calls;
        public string Name => "thrower";
        public IReadOnlyList<byte[]> Seeds { get; } = [[1, 2, 3]];
        public IReadOnlyList<int> FieldOffsets { get; } = [];
        public bool IsDocumented(Exception exception) => exception is FormatException;
        public FuzzOutcome Run(byte[] input) => (_calls++ % 6) switch
        {
            0 or 1 => FuzzOutcome.Accepted,
            2 => FuzzOutcome.Rejected,
            3 => throw new FormatException("documented"),
            4 => throw new NullReferenceException("a bug"),
            _ => throw new FuzzViolation("an invariant"),
        };
    }
}
