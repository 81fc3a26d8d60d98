using Akka.Actor;
using Fountain.Actors.Codec;
using Fountain.Actors.Tests.Support;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;

namespace Fountain.Actors.Tests.Codec;

/// <summary>The codec actors count the bytes they encode and decode in their actor system's <see cref="CodecMeter"/> (a node's /metrics).</summary>
public sealed class CodecMeterTests() : Akka.TestKit.Xunit2.TestKit(AkkaConfigs.Setup(AkkaConfigs.Fountain()))
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public void Encoded_bytes_are_the_bytes_of_every_block_made()
    {
        var meter = CodecMeter.Get(Sys);
        var archive = TestBlocks.Archive(30_000, 5);
        Sys.ActorOf(CodecWorkerActor.Props()).Tell(new EncodeRange(archive, Sha3.Hash(archive), TestBlocks.SmallLayout.LayoutFor(archive.Length), 1, 12,
            (_, _, _) => null, default));
        var reply = ExpectMsg<EncodeRangeReply>(Bound);
        Assert.Null(reply.Error);
        Assert.Equal(reply.Blocks.Sum(b => b.Bytes), meter.EncodedBytes);
        Assert.Equal(0, meter.DecodedBytes);
    }

    [Fact]
    public void Decoded_bytes_count_verified_blocks_only()
    {
        var meter = CodecMeter.Get(Sys);
        var archive = TestBlocks.Archive(30_000, 6);
        var blocks = TestBlocks.Make(archive, 40);
        var decoder = Sys.ActorOf(CodecDecoderActor.Props(Sha3.Hash(archive), new BlockLimits()));
        var corrupt = blocks[0].Bytes.ToArray();
        corrupt[^1] ^= 1;
        decoder.Tell(new DecodeBlocks([new FetchedBlock(blocks[0].Id, corrupt)], default));
        ExpectMsg<DecodeBlocksReply>(Bound);
        Assert.Equal(0, meter.DecodedBytes); // a rejected block is no decoding work

        decoder.Tell(new DecodeBlocks(blocks.Select(b => new FetchedBlock(b.Id, b.Bytes)).ToList(), default));
        Assert.True(ExpectMsg<DecodeBlocksReply>(Bound).Complete);
        long blockBytes = blocks[0].Bytes.Length;
        // Whole verified blocks: at least one, at most all of them (the decoder stops taking them once the archive is complete).
        Assert.Equal(0, meter.DecodedBytes % blockBytes);
        Assert.InRange(meter.DecodedBytes / blockBytes, 1, blocks.Count);
        Assert.Equal(0, meter.EncodedBytes);
    }

    [Fact]
    public void Each_actor_system_counts_apart()
    {
        using var other = ActorSystem.Create("other", AkkaConfigs.Fountain());
        Assert.NotSame(CodecMeter.Get(Sys), CodecMeter.Get(other));
        Assert.Same(CodecMeter.Get(Sys), CodecMeter.Get(Sys));
    }
}
