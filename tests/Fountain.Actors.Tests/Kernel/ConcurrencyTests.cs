using FsCheck;
using FsCheck.Fluent;
using Fountain.Actors.TestKit;

namespace Fountain.Actors.Tests.Kernel;

public sealed class ConcurrencyTests
{
    private sealed class Recorder(List<(int Sender, int Seq)> received, TaskCompletionSource done, int expected) : Actor<(int Sender, int Seq)>
    {
        protected override void Receive((int Sender, int Seq) message)
        {
            received.Add(message);   // only this actor's turn touches the list: an actor never runs concurrently
            if (received.Count == expected) done.TrySetResult();
        }
    }

    [Fact]
    public void Concurrent_senders_through_a_tiny_mailbox_lose_nothing_duplicate_nothing_and_keep_each_senders_order()
    {
        Prop.ForAll(Gen.Choose(1, 4).ToArbitrary(), Gen.Choose(1, 8).ToArbitrary(), Gen.Choose(1, 2000).ToArbitrary(), (senders, capacity, perSender) =>
        {
            var settings = new ActorSystemSettings { DefaultMailbox = new MailboxSettings { CapacityMessages = capacity, ThroughputPerTurn = 3 } };
            var system = ActorSystem.Create("concurrency", settings, log: new RecordingActorLog());
            try
            {
                var received = new List<(int, int)>();
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var actor = system.ActorOf(Props<(int, int)>.Create(() => new Recorder(received, done, senders * perSender)));
                var tasks = Enumerable.Range(0, senders).Select(s => Task.Run(async () =>
                {
                    for (var i = 0; i < perSender; i++)
                        if (!await actor.TellAsync((s, i))) throw new InvalidOperationException("refused");
                })).ToArray();
                Task.WaitAll(tasks, TimeSpan.FromSeconds(30));
                if (!done.Task.Wait(TimeSpan.FromSeconds(30))) return false;
                var inOrder = received.GroupBy(m => m.Item1).All(g => g.Select(m => m.Item2).SequenceEqual(Enumerable.Range(0, perSender)));
                return received.Count == senders * perSender && inOrder && system.DeadLetters.Count == 0;
            }
            finally
            {
                system.TerminateAsync().GetAwaiter().GetResult();
            }
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }
}
