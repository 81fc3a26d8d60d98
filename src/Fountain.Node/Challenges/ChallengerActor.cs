using Fountain.Actors;
using Fountain.Chain.Transactions;
using Fountain.Codec.Hashing;

namespace Fountain.Node.Challenges;

internal abstract record ChallengerMessage;
internal sealed record ExpectedHashKnown(Hash256? Expected, string? Problem) : ChallengerMessage;
internal sealed record TargetAnswered(ChallengeAnswer? Answer, string? Problem) : ChallengerMessage;
internal sealed record AnswerDeadlinePassed : ChallengerMessage;
internal sealed record ReportSubmitted(TransactionResult? Result, string? Problem) : ChallengerMessage;

/// <summary>
/// Issues one storage challenge (DESIGN.md, actors: "spawned per epoch for each challenge this node must issue;
/// holds the deadline; reports a signed result to the chain"). At start it asks the target and, at the same time,
/// works out the expected hash from a verified copy; a timer on the actor system's clock holds the deadline. An
/// answer after the deadline counts as none (the request is cancelled then). Once both the expected hash and the
/// answer (or its absence) are known it judges (<see cref="ChallengeJudgement"/>), submits the report, completes
/// <paramref name="done"/> and stops. With no verified copy it reports nothing: a challenger that cannot check an
/// answer must not accuse anyone.
/// </summary>
internal sealed class ChallengerActor(StorageChallenge challenge, IChallengeDuties duties, TimeSpan deadline, TaskCompletionSource<ChallengeOutcome> done)
    : Actor<ChallengerMessage>
{
    private const string DeadlineTimer = "deadline";

    private readonly CancellationTokenSource _stopping = new();
    private bool _expectedKnown;
    private Hash256? _expected;
    private string? _expectedProblem;
    private bool _answerSettled;
    private ChallengeAnswer? _answer;
    private string? _answerProblem;
    private bool _judged;
    private ChallengeVerdict _verdict;
    private string _detail = "";
    private long _askedAt;
    private TimeSpan? _answerLatency;

    public static Props<ChallengerMessage> Props(StorageChallenge challenge, IChallengeDuties duties, TimeSpan deadline, TaskCompletionSource<ChallengeOutcome> done) =>
        Props<ChallengerMessage>.Create(() => new ChallengerActor(challenge, duties, deadline, done));

    protected override void PreStart()
    {
        Context.Timers.StartSingle(DeadlineTimer, new AnswerDeadlinePassed(), deadline);
        _askedAt = Context.Clock.GetTimestamp();
        Context.PipeToSelf(duties.AskTargetAsync(challenge, _stopping.Token), a => (ChallengerMessage)new TargetAnswered(a, a is null ? "the target does not hold the block" : null),
            e => new TargetAnswered(null, e.Message));
        Context.PipeToSelf(duties.ExpectedHashAsync(challenge, _stopping.Token), h => (ChallengerMessage)new ExpectedHashKnown(h, h is null ? "no verified copy of the block was found" : null),
            e => new ExpectedHashKnown(null, e.Message));
    }

    protected override void Receive(ChallengerMessage message)
    {
        switch (message)
        {
            case ExpectedHashKnown m:
                (_expectedKnown, _expected, _expectedProblem) = (true, m.Expected, m.Problem);
                break;
            case TargetAnswered m when !_answerSettled:
                (_answerSettled, _answer, _answerProblem) = (true, m.Answer, m.Problem);
                _answerLatency = Context.Clock.GetElapsedTime(_askedAt);
                Context.Timers.Cancel(DeadlineTimer);
                break;
            case AnswerDeadlinePassed when !_answerSettled:
                (_answerSettled, _answer, _answerProblem) = (true, null, $"no answer within {deadline}");
                _stopping.Cancel(); // the request in flight is abandoned: a late answer changes nothing
                break;
            case ReportSubmitted m:
                Finish(m.Result, m.Problem);
                return;
        }
        TryJudge();
    }

    private void TryJudge()
    {
        if (_judged || !_expectedKnown || !_answerSettled) return;
        _judged = true;
        bool signed = _answer is not null && duties.IsSignedByTarget(challenge, _answer);
        var (verdict, report) = ChallengeJudgement.Judge(challenge, _expected, _answer, signed);
        _verdict = verdict;
        _detail = verdict switch
        {
            ChallengeVerdict.Abandoned => _expectedProblem ?? "no expected hash",
            ChallengeVerdict.NoAnswer => _answerProblem ?? "no answer",
            ChallengeVerdict.WrongAnswer => $"expected {_expected}, the target answered {_answer!.ResponseHash}",
            ChallengeVerdict.BadSignature => "the answer's signature is not the target's",
            _ => "the answer matched",
        };
        if (report is null) { Finish(null, null); return; }
        // The report is submitted even after the deadline cancelled the request: it has its own bounds (the chain client's timeout).
        Context.PipeToSelf(duties.SubmitAsync(report, CancellationToken.None), r => (ChallengerMessage)new ReportSubmitted(r, null), e => new ReportSubmitted(null, e.Message));
    }

    private void Finish(TransactionResult? result, string? problem)
    {
        var detail = problem is null ? _detail : $"{_detail}; the report could not be submitted: {problem}";
        if (result is { Accepted: false }) detail = $"{_detail}; the chain refused the report: {result.Rejection}";
        done.TrySetResult(new ChallengeOutcome(challenge, _verdict, detail, result, _answerLatency));
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        done.TrySetCanceled(); // stopped before judging (the node is shutting down)
    }
}
