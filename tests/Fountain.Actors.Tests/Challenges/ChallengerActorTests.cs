using Akka.Actor;
using Akka.TestKit;
using Fountain.Actors.Challenges;
using Fountain.Actors.Tests.Support;
using Fountain.Chain.Transactions;
using Fountain.Codec.Hashing;

namespace Fountain.Actors.Tests.Challenges;

/// <summary>The challenger's deadline and judgement, with scripted duties and virtual time (the TestScheduler): no network, no sleeps.</summary>
public sealed class ChallengerActorTests() : Akka.TestKit.Xunit2.TestKit(AkkaConfigs.Setup(AkkaConfigs.Fountain(AkkaConfigs.VirtualTime)))
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10); // an upper bound on waiting for a result, never a synchronisation

    private static readonly StorageChallenge Challenge = new(40, new string('a', 64), new string('b', 64), new string('c', 64), new string('d', 64), 100, 5000);
    private static readonly Hash256 Expected = Sha3.Hash("the right bytes"u8);

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    private sealed class ScriptedDuties : IChallengeDuties
    {
        public readonly TaskCompletionSource<Hash256?> ExpectedHash = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource<ChallengeAnswer?> Answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource Asked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource ExpectedAsked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly List<ReportChallenge> Submitted = [];
        public CancellationToken AskCancellation;
        public bool SignatureValid = true;

        public Task<Hash256?> ExpectedHashAsync(StorageChallenge challenge, CancellationToken cancellation)
        {
            ExpectedAsked.TrySetResult();
            return ExpectedHash.Task;
        }

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

    private (ScriptedDuties Duties, IActorRef Challenger) Start(ScriptedDuties? duties = null)
    {
        duties ??= new ScriptedDuties();
        var challenger = Sys.ActorOf(ChallengerActor.Props(Challenge, duties, Deadline));
        challenger.Tell(IssueChallenge.Instance, TestActor);
        return (duties, challenger);
    }

    /// <summary>Every message sent to the actor before this returns has been handled (Identify is answered in mailbox order).</summary>
    private async Task SettledAsync(IActorRef actor) => await actor.Ask<ActorIdentity>(new Identify(null), Bound);

    [Fact]
    public void A_matching_signed_answer_in_time_is_reported_as_passed_with_the_targets_signature()
    {
        var (duties, _) = Start();
        duties.ExpectedHash.SetResult(Expected);
        duties.Answer.SetResult(new ChallengeAnswer(Expected.ToString(), "sig"));
        var outcome = ExpectMsg<ChallengeOutcome>(Bound);
        Assert.Equal(ChallengeVerdict.Passed, outcome.Verdict);
        Assert.NotNull(outcome.AnswerLatency);
        var report = Assert.Single(duties.Submitted);
        Assert.True(report.Passed);
        Assert.Equal((Expected.ToString(), "sig"), (report.ResponseHash, report.TargetSignature));
        Assert.Equal((Challenge.TargetId, Challenge.BlockId, Challenge.Offset, Challenge.Length, Challenge.EpochHeight), (report.TargetId, report.BlockId, report.Offset, report.Length, report.EpochHeight));
    }

    [Fact]
    public async Task No_answer_by_the_deadline_is_a_failure_without_an_answer_and_a_late_answer_changes_nothing()
    {
        var (duties, challenger) = Start();
        duties.ExpectedHash.SetResult(Expected);
        await duties.Asked.Task.WaitAsync(Bound); // the deadline timer starts before the question is sent
        Clock.Advance(Deadline - TimeSpan.FromMilliseconds(1));
        await SettledAsync(challenger);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var outcome = ExpectMsg<ChallengeOutcome>(Bound);
        Assert.Equal(ChallengeVerdict.NoAnswer, outcome.Verdict);
        Assert.Null(outcome.AnswerLatency);
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
        var duties = new ScriptedDuties();
        duties.Answer.SetResult(new ChallengeAnswer(new string('0', 64), "sig")); // in the mailbox before the expected hash is asked for
        var (_, challenger) = Start(duties);
        await duties.ExpectedAsked.Task.WaitAsync(Bound);
        await SettledAsync(challenger); // the answer is in the actor's hands, its deadline timer cancelled
        Clock.Advance(Deadline * 2); // the answer came in time; the expected hash may take longer
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        duties.ExpectedHash.SetResult(Expected);
        var outcome = ExpectMsg<ChallengeOutcome>(Bound);
        Assert.Equal(ChallengeVerdict.WrongAnswer, outcome.Verdict);
        var report = Assert.Single(duties.Submitted);
        Assert.False(report.Passed);
        Assert.Equal(new string('0', 64), report.ResponseHash);
    }

    [Fact]
    public void An_answer_the_target_did_not_sign_is_a_failure_reported_without_it()
    {
        var (duties, _) = Start(new ScriptedDuties { SignatureValid = false });
        duties.ExpectedHash.SetResult(Expected);
        duties.Answer.SetResult(new ChallengeAnswer(Expected.ToString(), "forged"));
        var outcome = ExpectMsg<ChallengeOutcome>(Bound);
        Assert.Equal(ChallengeVerdict.BadSignature, outcome.Verdict);
        Assert.Null(Assert.Single(duties.Submitted).ResponseHash);
    }

    [Fact]
    public void Without_a_verified_copy_the_challenger_accuses_no_one()
    {
        var (duties, challenger) = Start();
        Watch(challenger);
        duties.ExpectedHash.SetResult(null);
        duties.Answer.SetResult(null); // the target does not hold it either: still no report, the challenger cannot judge
        var outcome = ExpectMsg<ChallengeOutcome>(Bound);
        Assert.Equal(ChallengeVerdict.Abandoned, outcome.Verdict);
        Assert.Empty(duties.Submitted);
        Assert.Null(outcome.Submission);
        ExpectTerminated(challenger, Bound); // one challenge, one actor: it stops when done
    }

    [Fact]
    public async Task A_challenger_stopped_before_it_judged_tells_its_asker_so()
    {
        var (duties, challenger) = Start();
        await duties.Asked.Task.WaitAsync(Bound); // issued (a stop is a system message: it would overtake the issue otherwise)
        Sys.Stop(challenger);
        var failure = ExpectMsg<Status.Failure>(Bound);
        Assert.IsType<OperationCanceledException>(failure.Cause);
    }
}
