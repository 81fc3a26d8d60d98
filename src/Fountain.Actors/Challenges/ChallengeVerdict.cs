using Fountain.Chain.Transactions;
using Fountain.Codec.Hashing;

namespace Fountain.Actors.Challenges;

/// <summary>What came of one challenge.</summary>
public enum ChallengeVerdict
{
    /// <summary>The target's signed answer matched the expected hash.</summary>
    Passed,
    /// <summary>The target signed a wrong hash.</summary>
    WrongAnswer,
    /// <summary>The target gave no answer before the deadline (it did not hold the block, failed, or was too slow).</summary>
    NoAnswer,
    /// <summary>The target's answer was not validly signed by the target; reported as no answer, since the chain only accepts signed ones.</summary>
    BadSignature,
    /// <summary>The challenger found no verified copy of the block to compute the expected hash: it reports nothing rather than guess.</summary>
    Abandoned,
}

/// <summary>The judgement of a challenge, as pure function of what the challenger learned (the actor only gathers it).</summary>
public static class ChallengeJudgement
{
    /// <summary>The verdict and the report to submit (null when abandoned).</summary>
    public static (ChallengeVerdict Verdict, ReportChallenge? Report) Judge(StorageChallenge c, Hash256? expected, ChallengeAnswer? answer, bool signatureValid)
    {
        if (expected is not { } want) return (ChallengeVerdict.Abandoned, null);
        ReportChallenge Report(bool passed, ChallengeAnswer? signed) =>
            new(c.TargetId, c.ArtworkId, c.BlockId, c.Offset, c.Length, c.EpochHeight, passed, signed?.ResponseHash, signed?.TargetSignature);
        if (answer is null) return (ChallengeVerdict.NoAnswer, Report(false, null));
        if (!signatureValid) return (ChallengeVerdict.BadSignature, Report(false, null));
        return answer.ResponseHash == want.ToString()
            ? (ChallengeVerdict.Passed, Report(true, answer))
            : (ChallengeVerdict.WrongAnswer, Report(false, answer));
    }
}

/// <summary>One challenge this node issued and how it ended; <see cref="Submission"/> is the chain's answer to the report.</summary>
/// <param name="AnswerLatency">From asking the target to its answer (or refusal), on the actor system's clock; null when no answer came before the deadline.</param>
public sealed record ChallengeOutcome(StorageChallenge Challenge, ChallengeVerdict Verdict, string Detail, TransactionResult? Submission, TimeSpan? AnswerLatency = null)
{
    public bool Reported => Submission is { Accepted: true };
}
