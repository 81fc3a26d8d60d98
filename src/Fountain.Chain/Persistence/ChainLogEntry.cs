namespace Fountain.Chain.Persistence;

/// <summary>What a log entry records.</summary>
public enum ChainLogKind
{
    /// <summary>The first entry: the chain id and the genesis time, checked against the configuration on restart.</summary>
    Genesis = 0,

    /// <summary>A submitted transaction, accepted or rejected (with the reason), exactly as it was signed.</summary>
    Transaction = 1,

    /// <summary>A height was sealed at <see cref="ChainLogEntry.Time"/>.</summary>
    Seal = 2,
}

/// <summary>
/// One entry of the chain's append-only log. The chain's state is the replay of its log (issue 4, item 1): the genesis,
/// then every transaction (rejected ones are kept for the record and skipped by the replay) and every seal, in
/// sequence order. For a genesis entry <see cref="Body"/> holds the chain id.
/// </summary>
public sealed record ChainLogEntry(
    long Sequence,
    ChainLogKind Kind,
    long Height,
    DateTimeOffset Time,
    string? TransactionId,
    string? Body,
    string? SignerPublicKey,
    string? Signature,
    bool Accepted,
    string? Rejection);

/// <summary>Another writer appended to the same log first; the chain that lost the race must stop.</summary>
public sealed class ChainLogConflictException(long expected, long actual, Exception? inner = null)
    : Exception($"the chain log expected entry {expected} next but was given {actual}: another process writes to the same log", inner);
