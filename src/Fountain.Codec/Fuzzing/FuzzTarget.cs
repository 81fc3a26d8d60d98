namespace Fountain.Codec.Fuzzing;

/// <summary>What a fuzzed input did: it was used (parsed, extracted, verified) or refused as the format says.</summary>
public enum FuzzOutcome
{
    Accepted,
    Rejected,
}

/// <summary>
/// A parser under fuzzing. <see cref="Run"/> feeds it one input and checks the target's invariants (nothing written
/// outside the output folder, no wrong archive, no forged request accepted), throwing
/// <see cref="FuzzViolation"/> when one breaks. An exception <see cref="IsDocumented"/> accepts is a refusal
/// the parser's contract allows; any other exception is a crash.
/// </summary>
public interface IFuzzTarget
{
    string Name { get; }

    /// <summary>Valid inputs that mutations start from.</summary>
    IReadOnlyList<byte[]> Seeds { get; }

    /// <summary>Offsets of integer fields in the seeds (lengths, counts), which mutations edit more often.</summary>
    IReadOnlyList<int> FieldOffsets { get; }

    FuzzOutcome Run(byte[] input);

    bool IsDocumented(Exception exception);
}

/// <summary>An invariant of a fuzz target broke: always counted as a crash.</summary>
public sealed class FuzzViolation(string message) : Exception(message);
