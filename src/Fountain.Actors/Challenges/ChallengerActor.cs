using Akka.Actor;
using Fountain.Chain.Transactions;
using Fountain.Codec.Hashing;

namespace Fountain.Actors.Challenges;

/// <summary>Issue the challenge the <see cref="ChallengerActor"/> was made for; the sender gets its <see cref="ChallengeOutcome"/>.</summary>
public sealed record IssueChallenge
{
    public static readonly IssueChallenge Instance = new();
}

/// <summary>
/// Issues one storage challenge (DESIGN.md, actors: "spawned per epoch for each challenge this node must issue;
/// holds the deadline; reports a signed result to the chain"). At start it asks the target and, at the same time,
/// works out the expected hash from a verified copy; a timer (<see cref="IWithTimers"/>, on the actor system's
/// scheduler, virtual in tests) holds the deadline. An answer after the deadline counts as none (the request is
/// cancelled then). Once both the expected hash and the answer (or its absence) are known it judges
/// (<see cref="ChallengeJudgement"/>), submits the report, answers the <see cref="IssueChallenge"/>'s sender with the
/// <see cref="ChallengeOutcome"/> and stops. With no verified copy it reports nothing: a challenger that cannot check an answer must not
/// accuse anyone.
/// </summary>
public sealed class ChallengerActor : ReceiveActor, IWithTimers
{
    private sealed record ExpectedHashKnown(Hash256? Expected, string? Problem);
    private sealed record TargetAnswered(ChallengeAnswer? Answer, string? Problem);
    private sealed record AnswerDeadlinePassed;
    private sealed record ReportSubmitted(TransactionResult? Result, string? Problem);

    private const string DeadlineTimer = "deadline";

    private readonly StorageChallenge _challenge;
    private readonly IChallengeDuties _duties;
    private readonly TimeSpan _deadline;
    private IActorRef _replyTo = ActorRefs.Nobody;
    private bool _issued;
    private readonly CancellationTokenSource _stopping = new();
    private bool _expectedKnown;
    private Hash256? _expected;
    private string? _expectedProblem;
    private bool _answerSettled;
    private ChallengeAnswer? _answer;
    private string? _answerProblem;
    private bool _judged;
    private bool _finished;
    private ChallengeVerdict _verdict;
    private string _detail = "";
    private TimeSpan _askedAt;
    private TimeSpan? _answerLatency;

    public ITimerScheduler Timers { get; set; } = null!;

    public ChallengerActor(StorageChallenge challenge, IChallengeDuties duties, TimeSpan deadline)
    {
        (_challenge, _duties, _deadline) = (challenge, duties, deadline);
        Receive<IssueChallenge>(_ =>
        {
            if (_issued) return;
            _issued = true;
            _replyTo = Sender;
            Issue();
        });
        Receive<ExpectedHashKnown>(m =>
        {
            (_expectedKnown, _expected, _expectedProblem) = (true, m.Expected, m.Problem);
            TryJudge();
        });
        Receive<TargetAnswered>(m =>
        {
            if (_answerSettled) return;
            (_answerSettled, _answer, _answerProblem) = (true, m.Answer, m.Problem);
            _answerLatency = Context.System.Scheduler.MonotonicClock - _askedAt;
            Timers.Cancel(DeadlineTimer);
            TryJudge();
        });
        Receive<AnswerDeadlinePassed>(_ =>
        {
            if (_answerSettled) return;
            (_answerSettled, _answer, _answerProblem) = (true, null, $"no answer within {_deadline}");
            _stopping.Cancel(); // the request in flight is abandoned: a late answer changes nothing
            TryJudge();
        });
        Receive<ReportSubmitted>(m => Finish(m.Result, m.Problem));
    }

    public static Props Props(StorageChallenge challenge, IChallengeDuties duties, TimeSpan deadline) =>
        Akka.Actor.Props.Create(() => new ChallengerActor(challenge, duties, deadline));

    private void Issue()
    {
        Timers.StartSingleTimer(DeadlineTimer, new AnswerDeadlinePassed(), _deadline);
        _askedAt = Context.System.Scheduler.MonotonicClock;
        // The target is asked first: a test that scripts both answers learns, once the expected hash is asked for, that the
        // target's answer (if it was already there) is in the mailbox.
        _duties.AskTargetAsync(_challenge, _stopping.Token).PipeTo(Self,
            success: a => new TargetAnswered(a, a is null ? "the target does not hold the block" : null),
            failure: e => new TargetAnswered(null, Unwrap(e).Message));
        _duties.ExpectedHashAsync(_challenge, _stopping.Token).PipeTo(Self,
            success: h => new ExpectedHashKnown(h, h is null ? "no verified copy of the block was found" : null),
            failure: e => new ExpectedHashKnown(null, Unwrap(e).Message));
    }

    private void TryJudge()
    {
        if (_judged || !_expectedKnown || !_answerSettled) return;
        _judged = true;
        bool signed = _answer is not null && _duties.IsSignedByTarget(_challenge, _answer);
        var (verdict, report) = ChallengeJudgement.Judge(_challenge, _expected, _answer, signed);
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
        _duties.SubmitAsync(report, CancellationToken.None).PipeTo(Self,
            success: r => new ReportSubmitted(r, null),
            failure: e => new ReportSubmitted(null, Unwrap(e).Message));
    }

    private void Finish(TransactionResult? result, string? problem)
    {
        var detail = problem is null ? _detail : $"{_detail}; the report could not be submitted: {problem}";
        if (result is { Accepted: false }) detail = $"{_detail}; the chain refused the report: {result.Rejection}";
        _finished = true;
        _replyTo.Tell(new ChallengeOutcome(_challenge, _verdict, detail, result, _answerLatency));
        Context.Stop(Self);
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        // Stopped before judging (the node is shutting down): whoever waits is told so rather than left waiting.
        if (_issued && !_finished) _replyTo.Tell(new Status.Failure(new OperationCanceledException("the challenger stopped before it judged")));
    }

    private static Exception Unwrap(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e;
}
