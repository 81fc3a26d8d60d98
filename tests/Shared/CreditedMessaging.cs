using Akka.Actor;

namespace Fountain.Testing;

/// <summary>
/// The one-way messaging workload of the actor measurements and benchmarks: a producer sends pings as fast as its
/// credit allows, the consumer returns credit every <c>ackEvery</c> pings (so the mailbox stays bounded and what is
/// measured is delivery, not memory growth) and completes <c>done</c> after the last.
/// </summary>
public static class CreditedMessaging
{
    public sealed record Credit(int Messages);

    private sealed class Ping
    {
        public static readonly Ping Instance = new();
    }

    public sealed class Producer(IActorRef consumer, long total) : UntypedActor
    {
        private long _left = total;

        protected override void OnReceive(object message)
        {
            if (message is not Credit c) return;
            for (int i = 0; i < c.Messages && _left > 0; i++, _left--) consumer.Tell(Ping.Instance, Self);
        }
    }

    public sealed class Consumer(long total, int ackEvery, TaskCompletionSource done) : UntypedActor
    {
        private long _received;

        protected override void OnReceive(object message)
        {
            if (++_received == total) done.TrySetResult();
            else if (_received % ackEvery == 0) Sender.Tell(new Credit(ackEvery));
        }
    }
}
