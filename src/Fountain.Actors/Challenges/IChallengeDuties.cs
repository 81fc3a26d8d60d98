using Fountain.Chain.Transactions;
using Fountain.Codec.Hashing;

namespace Fountain.Actors.Challenges;

/// <summary>
/// The port a <see cref="ChallengerActor"/> works through, so that its deadline logic runs on virtual time with scripted
/// answers in tests, and against the network and the chain in a node (the node's NodeChallengeDuties).
/// </summary>
public interface IChallengeDuties
{
    /// <summary>SHA3-256 of the challenged range, from a copy of the block verified by its id; null when no verified copy is to be had.</summary>
    Task<Hash256?> ExpectedHashAsync(StorageChallenge challenge, CancellationToken cancellation);

    /// <summary>The target's answer; null when it says it does not hold the block. Failures throw.</summary>
    Task<ChallengeAnswer?> AskTargetAsync(StorageChallenge challenge, CancellationToken cancellation);

    /// <summary>Whether the answer carries the target's valid signature over exactly this challenge and hash.</summary>
    bool IsSignedByTarget(StorageChallenge challenge, ChallengeAnswer answer);

    /// <summary>Signs (as the challenger) and submits the report to the chain.</summary>
    Task<TransactionResult> SubmitAsync(ReportChallenge report, CancellationToken cancellation);
}
