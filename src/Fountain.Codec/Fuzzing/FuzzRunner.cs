using Fountain.Codec.Lt;

namespace Fountain.Codec.Fuzzing;

/// <summary>One input that crashed a target: which input (rerun it with the same seed), what was thrown, and the input.</summary>
public sealed record FuzzCrash(long Input, string ExceptionType, string Message, byte[] Bytes);

/// <summary>The figures of a run; crashes are counted by exception type, and the first few kept whole.</summary>
public sealed record FuzzReport(string Target, ulong Seed, long Inputs, long Accepted, long Rejected, long Crashes,
    IReadOnlyList<FuzzCrash> FirstCrashes, IReadOnlyDictionary<string, long> CrashesByType);

/// <summary>
/// Runs a target on mutated seeds, deterministically: input number i is derived from (seed, i) alone, so any input
/// of a run can be rebuilt without replaying the ones before it (<see cref="InputFor"/>).
/// </summary>
public static class FuzzRunner
{
    public const int CrashesKept = 20;

    public static FuzzReport Run(IFuzzTarget target, long inputs, ulong seed, IProgress<long>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputs);
        long accepted = 0, rejected = 0, crashes = 0, run = 0;
        var kept = new List<FuzzCrash>();
        var byType = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (long i = 0; i < inputs && !cancellation.IsCancellationRequested; i++)
        {
            var input = InputFor(target, seed, i);
            try
            {
                if (target.Run(input) == FuzzOutcome.Accepted) accepted++; else rejected++;
            }
            catch (Exception e) when (e is not FuzzViolation && target.IsDocumented(e))
            {
                rejected++;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                crashes++;
                var type = e.GetType().FullName ?? e.GetType().Name;
                byType[type] = byType.GetValueOrDefault(type) + 1;
                if (kept.Count < CrashesKept) kept.Add(new FuzzCrash(i, type, e.Message, input));
            }
            run++;
            if ((i & 1023) == 1023) progress?.Report(run);
        }
        progress?.Report(run);
        return new FuzzReport(target.Name, seed, run, accepted, rejected, crashes, kept, byType);
    }

    /// <summary>Input number <paramref name="index"/> of a run with <paramref name="seed"/>. A few in a hundred are seeds left as they are.</summary>
    public static byte[] InputFor(IFuzzTarget target, ulong seed, long index)
    {
        var random = new FuzzRandom(SplitMix64.Nth(seed, (ulong)index));
        var original = random.Pick(target.Seeds);
        return random.Chance(50) ? (byte[])original.Clone() : Mutator.Mutate(original, target.Seeds, target.FieldOffsets, random);
    }
}
