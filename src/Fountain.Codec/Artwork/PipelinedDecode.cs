using System.Threading.Channels;
using Fountain.Codec.Hashing;

namespace Fountain.Codec.Artwork;

/// <summary>
/// A block to load: its bytes, or the reason it could not be loaded, and the id it is known by. When the bytes
/// live in a buffer rented from <see cref="System.Buffers.ArrayPool{T}.Shared"/>, <paramref name="RentedBuffer"/>
/// names it, and the pipeline returns it once the decoder is done with the block: reading blocks from disk then
/// reuses a handful of buffers instead of leaving a 2 MiB array behind per block.
/// </summary>
public readonly record struct LoadedBlock(ReadOnlyMemory<byte> Bytes, Hash256 Id, string? LoadError = null, byte[]? RentedBuffer = null);

/// <summary>
/// Decodes with two stages on two cores: one thread loads and verifies blocks (reading, SHA3), the calling
/// thread peels. Verification runs at most <c>lookahead</c> blocks ahead, so memory stays bounded and little
/// work is wasted once the archive completes. The result lists what happened to every block that was looked at.
/// </summary>
public static class PipelinedDecode
{
    public static IReadOnlyList<(TSource Source, BlockVerdict Verdict)> Run<TSource>(
        ArtworkDecoder decoder, IEnumerable<TSource> sources, Func<TSource, LoadedBlock> load, int lookahead = 4, CancellationToken cancellation = default)
    {
        var channel = Channel.CreateBounded<(TSource Source, VerifiedBlock? Block, BlockVerdict Verdict, byte[]? Rented)>(
            new BoundedChannelOptions(Math.Max(1, lookahead)) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var wanted = decoder.ArtworkId;
        var producer = Task.Run(async () =>
        {
            try
            {
                foreach (var source in sources)
                {
                    stop.Token.ThrowIfCancellationRequested();
                    var loaded = load(source);
                    if (loaded.LoadError is { } error)
                    {
                        await channel.Writer.WriteAsync((source, null, new BlockVerdict(BlockOutcome.Rejected, error), loaded.RentedBuffer), stop.Token);
                        continue;
                    }
                    var verdict = BlockVerifier.Verify(loaded.Bytes, loaded.Id, decoder.Limits, wanted, out var verified);
                    await channel.Writer.WriteAsync((source, verified, verdict, loaded.RentedBuffer), stop.Token);
                }
                channel.Writer.Complete();
            }
            catch (OperationCanceledException) { channel.Writer.TryComplete(); }
            catch (Exception e) { channel.Writer.TryComplete(e); }
        }, CancellationToken.None);

        var results = new List<(TSource, BlockVerdict)>();
        try
        {
            var reader = channel.Reader;
            while (reader.WaitToReadAsync(cancellation).AsTask().GetAwaiter().GetResult())
            {
                while (reader.TryRead(out var item))
                {
                    var verdict = item.Block is null ? item.Verdict : decoder.Add(item.Block);
                    // The decoder copied what it keeps; the block's buffer can serve the next read.
                    if (item.Rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(item.Rented);
                    results.Add((item.Source, verdict));
                    if (decoder.IsComplete) return results;
                }
            }
            return results;
        }
        finally
        {
            stop.Cancel();
            try { producer.GetAwaiter().GetResult(); } catch (OperationCanceledException) { }
        }
    }
}
