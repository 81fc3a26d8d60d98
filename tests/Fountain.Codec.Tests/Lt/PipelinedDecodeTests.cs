using Fountain.Codec.Artwork;
using Fountain.Codec.Hashing;
using Fountain.Codec.Tests.Support;

namespace Fountain.Codec.Tests.Lt;

public class PipelinedDecodeTests
{
    [Fact]
    public void Bad_blocks_among_good_ones_are_reported_and_the_decode_stops_soon_after_completion()
    {
        var archive = V1TestSupport.RandomBytes(120_000, 31);
        var id = Sha3.Hash(archive);
        var blocks = V1TestSupport.Encode(archive);
        var foreign = V1TestSupport.Encode(V1TestSupport.RandomBytes(5_000, 32))[0];
        var sources = new List<V1TestSupport.Block>();
        for (int i = 0; i < blocks.Count; i++)
        {
            if (i % 3 == 0)
            {
                var damaged = (byte[])blocks[i].Bytes.Clone();
                damaged[^10] ^= 0x80;
                sources.Add(blocks[i] with { Bytes = damaged });
            }
            else sources.Add(blocks[i]);
            if (i == 5) sources.Add(foreign);
        }
        int loaded = 0;
        var decoder = new ArtworkDecoder(id);
        var verdicts = PipelinedDecode.Run(decoder, sources, b => { Interlocked.Increment(ref loaded); return new LoadedBlock(b.Bytes, b.Id); }, lookahead: 2);

        Assert.True(decoder.IsComplete);
        Assert.Equal(archive, decoder.Archive.ToArray());
        Assert.Contains(verdicts, v => v.Verdict.Outcome == BlockOutcome.Foreign);
        Assert.Equal(verdicts.Count(v => v.Source.Bytes != blocks[(int)v.Source.Index - 1].Bytes && v.Source != foreign), verdicts.Count(v => v.Verdict.Outcome == BlockOutcome.Rejected));
        Assert.Equal(BlockOutcome.Completed, verdicts[^1].Verdict.Outcome);
        // The verifier runs at most the lookahead (plus the one in hand) ahead of the decoder.
        Assert.InRange(loaded, verdicts.Count, verdicts.Count + 4);
        Assert.True(loaded < sources.Count, "the decode went on reading after the archive was complete");
    }

    [Fact]
    public void Load_errors_are_rejections_and_too_few_blocks_leave_it_incomplete()
    {
        var archive = V1TestSupport.RandomBytes(30_000, 33);
        var blocks = V1TestSupport.Encode(archive).Take(2).ToList();
        var decoder = new ArtworkDecoder(Sha3.Hash(archive));
        var verdicts = PipelinedDecode.Run(decoder, blocks, b => b.Index == 1 ? new LoadedBlock(default, b.Id, "disk error") : new LoadedBlock(b.Bytes, b.Id));
        Assert.False(decoder.IsComplete);
        Assert.Equal([BlockOutcome.Rejected, BlockOutcome.Accepted], verdicts.Select(v => v.Verdict.Outcome));
        Assert.Equal("disk error", verdicts[0].Verdict.Reason);
    }
}
