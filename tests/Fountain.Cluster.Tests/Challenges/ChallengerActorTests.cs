using Fountain.Actors;
using Fountain.Actors.TestKit;
using Fountain.Chain.Transactions;
using Fountain.Codec.Hashing;
using Fountain.Node.Challenges;

namespace Fountain.Cluster.Tests.Challenges;

/// <summary>The challenger's deadline and judgement, with scripted duties and a manual clock: no network, no sleeps.</summary>
public sealed class ChallengerActorTests : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10); // an upper bound on waiting for a result, never a synchronisation

    private readonly ManualClock _clock = new();
    private readonly ActorSystem _system;

    public ChallengerActorTests() => _system = ActorSystem.Create("challenger-tests", clock: _clock);

    public async ValueTask DisposeAsync() => await _system.TerminateAsync();

    private static readonly StorageChallenge Challenge = new(40, new string('a', 64), new string('b', 64), new string('c', 64), new string('d', 64), 100, 5000);
    private static readonly Hash256 Expected = Sha3.Hash("the right bytes"u8);

    private sealed class ScriptedDuties : IChallengeDuties
    {
        public readonly TaskCompletionSource<Hash256?> ExpectedHash = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource<ChallengeAnswer?> Answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Asked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly List<ReportChallenge> Submitted = [];
        public CancellationToken AskCancellation;
        public bool SignatureValid = true;

        public Task<Hash256?> ExpectedHashAsync(StorageChallenge challenge, CancellationToken cancellation) => ExpectedHash.Task;

        public Task<ChallengeAnswer?> AskTargetAsync(StorageChallenge challenge, CancellationToken cancellation)
        {
            AskCancellation = cancellation;
            Asked.TrySetResult();
            return Answer.Task;
        }

        public bool IsSignedByTarget(StorageChallenge challenge, ChallengeAnswer answer) => SignatureValid;

        public Task<TransactionResult> SubmitAsync(ReportChallenge report, CancellationToken cancellation)
        {
            lock (Submitted) Submitted.Add(report);
            return Task.FromResult(new TransactionResult("tx", true, null, 41));
        }
    }

    private (ScriptedDuties Duties, Task<ChallengeOutcome> Done) Start()
    {
        var duties = new ScriptedDuties();
        var done = new TaskCompletionSource<ChallengeOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        _system.ActorOf(ChallengerActor.Props(Challenge, duties, Deadline, done));
        return (duties, done.Task);
    }

    [Fact]
    public async Task A_matching_signed_answer_in_time_is_reported_as_passed_with_the_targets_signature()
    {
        var (duties, done) = Start();
        duties.ExpectedHash.SetResult(Expected);
        duties.Answer.SetResult(new ChallengeAnswer(Expected.ToString(), "sig"));
        var outcome = await done.WaitAsync(Bound);
        Assert.Equal(ChallengeVerdict.Passed, outcome.Verdict);
        var report = Assert.Single(duties.Submitted);
        Assert.True(report.Passed);
        Assert.Equal((Expected.ToString(), "sig"), (report.ResponseHash, report.TargetSignature));
        Assert.Equal((Challenge.TargetId, Challenge.BlockId, Challenge.Offset, Challenge.Length, Challenge.EpochHeight), (report.TargetId, report.BlockId, report.Offset, report.Length, report.EpochHeight));
    }

    [Fact]
    public async Task No_answer_by_the_deadline_is_a_failure_without_an_answer_and_a_late_answer_changes_nothing()
    {
        var (duties, done) = Start();
        duties.ExpectedHash.SetResult(Expected);
        await duties.Asked.Task.WaitAsync(Bound); // the deadline timer starts before the question is sent
        _clock.Advance(Deadline - TimeSpan.FromMilliseconds(1));
        Assert.False(done.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var outcome = await done.WaitAsync(Bound);
        Assert.Equal(ChallengeVerdict.NoAnswer, outcome.Verdict);
        Assert.True(duties.AskCancellation.IsCancellationRequested, "the request in flight was not abandoned at the deadline");
        duties.Answer.SetResult(new ChallengeAnswer(Expected.ToString(), "sig")); // too late
        var report = Assert.Single(duties.Submitted);
        Assert.False(report.Passed);
        Assert.Null(report.ResponseHash);
        Assert.Null(report.TargetSignature);
    }

    [Fact]
    public async Task A_wrong_signed_answer_is_reported_as_failed_and_carries_the_answer_as_evidence()
    {
        var (duties, done) = Start();
        duties.Answer.SetResult(new ChallengeAnswer(new string('0', 64), "sig"));
        await duties.Asked.Task.WaitAsync(Bound);
        // The answer is in the actor's hands once it cancelled its deadline timer; advancing the clock before that would
        // fire the deadline first (the race this test once lost).
        Assert.True(SpinWait.SpinUntil(() => _clock.ScheduledTimers == 0, Bound), "the actor never took the answer");
        _clock.Advance(Deadline * 2); // the answer came in time; the expected hash may take longer
        Assert.False(done.IsCompleted);
        duties.ExpectedHash.SetResult(Expected);
        var outcome = await done.WaitAsync(Bound);
        Assert.Equal(ChallengeVerdict.WrongAnswer, outcome.Verdict);
        var report = Assert.Single(duties.Submitted);
        Assert.False(report.Passed);
        Assert.Equal(new string('0', 64), report.ResponseHash);
    }

    [Fact]
    public async Task An_answer_the_target_did_not_sign_is_a_failure_reported_without_it()
    {
        var (duties, done) = Start();
        duties.SignatureValid = false;
        duties.ExpectedHash.SetResult(Expected);
        duties.Answer.SetResult(new ChallengeAnswer(Expected.ToString(), "forged"));
        var outcome = await done.WaitAsync(Bound);
        Assert.Equal(ChallengeVerdict.BadSignature, outcome.Verdict);
        Assert.Null(Assert.Single(duties.Submitted).ResponseHash);
    }

    [Fact]
    public async Task Without_a_verified_copy_the_challenger_accuses_no_one()
    {
        var (duties, done) = Start();
        duties.ExpectedHash.SetResult(null);
        duties.Answer.SetResult(null); // the target does not hold it either: still no report, the challenger cannot judge
        var outcome = await done.WaitAsync(Bound);
        Assert.Equal(ChallengeVerdict.Abandoned, outcome.Verdict);
        Assert.Empty(duties.Submitted);
        Assert.Null(outcome.Submission);
    }
}
