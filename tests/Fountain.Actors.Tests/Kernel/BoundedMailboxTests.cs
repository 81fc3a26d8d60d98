using FsCheck;
using FsCheck.Fluent;

namespace Fountain.Actors.Tests.Kernel;

public sealed class BoundedMailboxTests
{
    /// <summary>Any sequence of enqueues and dequeues behaves like a FIFO queue that refuses a message when full.</summary>
    [Fact]
    public void Behaves_like_a_bounded_fifo_model()
    {
        var operations = Gen.ListOf(Gen.Frequency((3, Gen.Constant(true)), (2, Gen.Constant(false)))).ToArbitrary();
        Prop.ForAll(Gen.Choose(1, 50).ToArbitrary(), operations, (capacity, ops) =>
        {
            var mailbox = new BoundedMailbox<int>(capacity);
            var model = new Queue<int>();
            var next = 0;
            foreach (var enqueue in ops)
            {
                if (enqueue)
                {
                    var accepted = mailbox.TryEnqueue(next);
                    if (accepted != (model.Count < capacity)) return false;
                    if (accepted) model.Enqueue(next);
                    next++;
                }
                else
                {
                    var took = mailbox.TryDequeue(out var value);
                    if (took != model.TryDequeue(out var expected) || (took && value != expected)) return false;
                }
                if (mailbox.Count != model.Count || mailbox.IsEmpty != (model.Count == 0)) return false;
            }
            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Bursts_followed_by_quiet_batches_keep_order_and_capacity()
    {
        var mailbox = new BoundedMailbox<int>(5000);
        var expected = 0;
        var next = 0;
        for (var round = 0; round < 200; round++)
        {
            var burst = round % 50 == 0 ? 4000 : 1;
            for (var i = 0; i < burst; i++) Assert.True(mailbox.TryEnqueue(next++));
            while (mailbox.TryDequeue(out var value)) Assert.Equal(expected++, value);
        }
        Assert.Equal(next, expected);
        Assert.True(mailbox.IsEmpty);
    }
}
