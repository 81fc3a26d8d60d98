using System.Collections.Concurrent;
using Akka.Actor;
using Fountain.Actors.Codec;
using Fountain.Actors.Tests.Support;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;

namespace Fountain.Actors.Tests.Codec;

/// <summary>The codec actors: encode and decode on the codec's dedicated dispatcher (declared in HOCON), never on the thread pool.</summary>
public sealed class CodecActorTests() : Akka.TestKit.Xunit2.TestKit(AkkaConfigs.Setup(AkkaConfigs.Fountain()))
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public void Encoding_runs_on_the_codec_dispatchers_own_threads()
    {
        var worker = Sys.ActorOf(CodecWorkerActor.Props());
        var archive = TestBlocks.Archive(30_000, 3);
        var threads = new ConcurrentBag<(string? Name, bool Pool)>();
        worker.Tell(new EncodeRange(archive, Sha3.Hash(archive), TestBlocks.SmallLayout.LayoutFor(archive.Length), 1, 12,
            (h, id, block) => { threads.Add((Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread)); return null; }, default));
        var reply = ExpectMsg<EncodeRangeReply>(Bound);
        Assert.Null(reply.Error);
        Assert.Equal(12, reply.Blocks.Count);
        Assert.Equal(12, threads.Count);
        Assert.All(threads, t => Assert.StartsWith(CodecDispatcher.Id + "_", t.Name));
        Assert.All(threads, t => Assert.False(t.Pool));
    }

    [Fact]
    public void Decoding_verifies_each_block_rejects_a_bad_one_and_completes_the_archive()
    {
        var archive = TestBlocks.Archive(30_000, 4);
        var artworkId = Sha3.Hash(archive);
        var blocks = TestBlocks.Make(archive, 40);
        var decoder = Sys.ActorOf(CodecDecoderActor.Props(artworkId, new BlockLimits()));
        var corrupt = blocks[0].Bytes.ToArray();
        corrupt[^1] ^= 1;
        decoder.Tell(new DecodeBlocks([new FetchedBlock(blocks[0].Id, corrupt)], default));
        var first = ExpectMsg<DecodeBlocksReply>(Bound);
        Assert.Equal([blocks[0].Id], first.Rejected);
        Assert.False(first.Complete);

        decoder.Tell(new DecodeBlocks(blocks.Select(b => new FetchedBlock(b.Id, b.Bytes)).ToList(), default));
        var done = ExpectMsg<DecodeBlocksReply>(Bound);
        Assert.Null(done.Error);
        Assert.True(done.Complete);
        Assert.Equal(archive, done.Archive.ToArray());
    }

    [Fact]
    public void Codec_actors_props_name_the_dedicated_dispatcher()
    {
        Assert.Equal(CodecDispatcher.Id, CodecWorkerActor.Props().Dispatcher);
        Assert.Equal(CodecDispatcher.Id, CodecDecoderActor.Props(default, new BlockLimits()).Dispatcher);
        Assert.Equal("ForkJoinDispatcher", Sys.Settings.Config.GetString(CodecDispatcher.Id + ".type"));
        Assert.Equal(2, Sys.Settings.Config.GetInt(CodecDispatcher.Id + ".dedicated-thread-pool.thread-count"));
    }
}
