using Akka.Actor;
using Fountain.Actors.Holding;
using Fountain.Actors.Tests.Support;

namespace Fountain.Actors.Tests.Holding;

/// <summary>The block holder, the one writer of a node's store, on the in-memory store port.</summary>
public sealed class BlockHolderActorTests() : Akka.TestKit.Xunit2.TestKit(AkkaConfigs.Setup(AkkaConfigs.Fountain()))
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset At = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Concurrent_writers_are_served_one_at_a_time_and_the_capacity_is_never_overshot()
    {
        var blocks = TestBlocks.Make(TestBlocks.Archive(64 * 1024, 1), 24);
        long capacity = blocks.Take(10).Sum(b => (long)b.Bytes.Length);
        var store = new MemoryBlockStore(capacity);
        var holder = Sys.ActorOf(BlockHolderActor.Props(store));
        var replies = await Task.WhenAll(blocks.Select(b => holder.Ask<StoreBlockReply>(new StoreBlock(b.Id, b.Header, b.Bytes, null, long.MaxValue), Bound)));
        Assert.Equal(1, store.PeakCallers);
        Assert.True(store.UsedBytes <= capacity);
        Assert.Equal(store.Held.Count, replies.Count(r => r.Outcome == PutOutcome.Stored));
        Assert.Contains(replies, r => r.Outcome == PutOutcome.Full);
        Assert.Equal(PutOutcome.AlreadyHeld, (await holder.Ask<StoreBlockReply>(new StoreBlock(blocks[0].Id, blocks[0].Header, blocks[0].Bytes, null, long.MaxValue), Bound)).Outcome);
    }

    [Fact]
    public void Pending_blocks_are_confirmed_or_deleted_when_their_grace_ran_out_but_not_before()
    {
        var block = TestBlocks.Make(TestBlocks.Archive(16 * 1024, 2), 2);
        var store = new MemoryBlockStore(1 << 20);
        var holder = Sys.ActorOf(BlockHolderActor.Props(store));
        holder.Tell(new StoreBlock(block[0].Id, block[0].Header, block[0].Bytes, At.AddMinutes(10), 1 << 20));
        holder.Tell(new StoreBlock(block[1].Id, block[1].Header, block[1].Bytes, At.AddMinutes(10), 1 << 20));
        ExpectMsg<StoreBlockReply>(Bound);
        ExpectMsg<StoreBlockReply>(Bound);

        holder.Tell(new DeleteExpiredBlock(block[0].Id, At.AddMinutes(9)));
        Assert.False(ExpectMsg<BlockChanged>(Bound).Changed); // its grace is not over
        holder.Tell(new ConfirmBlock(block[1].Id));
        Assert.True(ExpectMsg<BlockChanged>(Bound).Changed);
        holder.Tell(new DeleteExpiredBlock(block[1].Id, At.AddMinutes(11)));
        Assert.False(ExpectMsg<BlockChanged>(Bound).Changed); // confirmed meanwhile: kept
        holder.Tell(new DeleteExpiredBlock(block[0].Id, At.AddMinutes(11)));
        Assert.True(ExpectMsg<BlockChanged>(Bound).Changed);
        Assert.Equal([block[1].Id], store.Held);
    }

    [Fact]
    public void Quarantine_and_deletes_go_through_the_holder_too()
    {
        var blocks = TestBlocks.Make(TestBlocks.Archive(16 * 1024, 3), 2);
        var store = new MemoryBlockStore(1 << 20);
        var holder = Sys.ActorOf(BlockHolderActor.Props(store));
        foreach (var b in blocks) holder.Tell(new StoreBlock(b.Id, b.Header, b.Bytes, null, 0));
        ExpectMsg<StoreBlockReply>(Bound);
        ExpectMsg<StoreBlockReply>(Bound);
        holder.Tell(new QuarantineBlock(blocks[0].Id, "/data/quarantine"));
        Assert.True(ExpectMsg<BlockChanged>(Bound).Changed);
        holder.Tell(new DeleteBlock(blocks[1].Id));
        Assert.True(ExpectMsg<BlockChanged>(Bound).Changed);
        holder.Tell(new DeleteBlock(blocks[1].Id));
        Assert.False(ExpectMsg<BlockChanged>(Bound).Changed);
        Assert.Equal([(blocks[0].Id, "/data/quarantine")], store.Quarantined);
        Assert.Empty(store.Held);
    }

    [Fact]
    public void A_disk_error_is_answered_with_its_reason_and_the_holder_carries_on()
    {
        var blocks = TestBlocks.Make(TestBlocks.Archive(16 * 1024, 4), 2);
        var store = new MemoryBlockStore(1 << 20) { FailNextWrite = new IOException("No space left on device") };
        var holder = Sys.ActorOf(BlockHolderActor.Props(store));
        holder.Tell(new StoreBlock(blocks[0].Id, blocks[0].Header, blocks[0].Bytes, null, 0));
        var failed = ExpectMsg<StoreBlockReply>(Bound);
        Assert.Equal("No space left on device", failed.Error);
        holder.Tell(new StoreBlock(blocks[1].Id, blocks[1].Header, blocks[1].Bytes, null, 0));
        Assert.Equal(new StoreBlockReply(PutOutcome.Stored, null), ExpectMsg<StoreBlockReply>(Bound));
    }
}
