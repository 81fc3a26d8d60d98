using FsCheck;
using FsCheck.Fluent;
using Fountain.Codec.Compression;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Fountain.Codec.Tests.Compression;

/// <summary>
/// The zstd streams' contract with the extractor: data round-trips in any piece sizes, and anything damaged,
/// truncated, foreign or too greedy ends in <see cref="InvalidDataException"/> (never another exception, never
/// wrong bytes handed on as if they were right).
/// </summary>
public sealed class ZstdStreamTests
{
    private static readonly byte[] Data = Text(300_000);

    [Fact]
    public void A_frame_without_a_checksum_read_in_small_pieces_is_read_to_its_end()
    {
        // Other writers leave the checksum out or announce the size. Then the last block's input is used up while
        // decoded bytes still wait for a reader with a small buffer; the stream must not call that a truncation
        // (zstd keeps the last input byte back until then, which the end-of-frame check relies on).
        var wrapped = new Compressor(3).Wrap(Data).ToArray();
        var buffer = new MemoryStream();
        using (var streamed = new CompressionStream(buffer, 3, leaveOpen: true))
            for (int i = 0; i < Data.Length; i += 65536) streamed.Write(Data, i, Math.Min(65536, Data.Length - i));
        foreach (var frame in new[] { wrapped, buffer.ToArray() })
            foreach (int piece in new[] { 1, 7, 1000, 4096, 65536, 131071, 131072, 131073 })
                Assert.Equal(Data, ReadAll(frame, piece));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public void Our_frames_round_trip_whatever_the_read_size(int pieceBytes)
    {
        Assert.Equal(Data, ReadAll(Compress(Data, 3), pieceBytes));
    }

    [Fact]
    public void Every_truncation_is_refused()
    {
        var frame = Compress(Text(20_000), 3);
        for (int length = 0; length < frame.Length; length++)
            Assert.Throws<InvalidDataException>(() => ReadAll(frame[..length], 4096));
    }

    [Fact]
    public void A_frame_that_asks_for_a_larger_window_than_allowed_is_refused()
    {
        // Streaming with no size announced, the frame declares the window it was given: 2^28 bytes, past the limit of 2^27.
        var buffer = new MemoryStream();
        using (var greedy = new CompressionStream(buffer, 3, leaveOpen: true))
        {
            greedy.SetParameter(ZSTD_cParameter.ZSTD_c_windowLog, 28);
            greedy.Write(Data);
        }
        var error = Assert.Throws<InvalidDataException>(() => ReadAll(buffer.ToArray(), 4096));
        Assert.Contains("memory", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(Data, ReadAll(buffer.ToArray(), 4096, windowLogMax: 28));
    }

    [Fact]
    public void Levels_outside_zstds_range_and_use_after_dispose_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZstdCompressStream(Stream.Null, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ZstdCompressStream(Stream.Null, 23));
        var compress = new ZstdCompressStream(new MemoryStream(), 1);
        compress.Dispose();
        Assert.Throws<ObjectDisposedException>(() => compress.Write([1]));
        var decompress = new ZstdDecompressStream(new MemoryStream(Compress([1], 1)), 10);
        decompress.Dispose();
        Assert.Throws<ObjectDisposedException>(() => decompress.ReadByte());
    }

    [Fact]
    public void Damage_gives_the_right_bytes_or_InvalidDataException_and_nothing_else()
    {
        var frame = Compress(Text(50_000), 5);
        var expected = Text(50_000);
        var property = Prop.ForAll(Gen.Choose(0, frame.Length - 1).ArrayOf().Select(a => a.Take(4).ToArray()).ToArbitrary(), Gen.Choose(0, 255).ToArbitrary(), (positions, value) =>
        {
            var damaged = (byte[])frame.Clone();
            foreach (var position in positions) damaged[position] ^= (byte)(value | 1);
            try { return ReadAll(damaged, 8192).AsSpan().SequenceEqual(expected); }
            catch (InvalidDataException) { return true; }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    [Fact]
    public void Foreign_bytes_are_refused()
    {
        var property = Prop.ForAll(Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().ToArbitrary(), bytes =>
        {
            try { return ReadAll(bytes, 4096).Length == 0 && bytes.Length == 0; }
            catch (InvalidDataException) { return true; }
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), property);
    }

    internal static byte[] Compress(byte[] data, int level)
    {
        var buffer = new MemoryStream();
        using (var zstd = new ZstdCompressStream(buffer, level, leaveOpen: true))
            for (int i = 0; i < data.Length; i += 65536) zstd.Write(data, i, Math.Min(65536, data.Length - i));
        return buffer.ToArray();
    }

    private static byte[] ReadAll(byte[] frame, int pieceBytes, int windowLogMax = 27)
    {
        var output = new MemoryStream();
        using var zstd = new ZstdDecompressStream(new MemoryStream(frame), maxOutputBytes: 1 << 24, windowLogMax);
        var piece = new byte[pieceBytes];
        int read;
        while ((read = zstd.Read(piece)) > 0) output.Write(piece, 0, read);
        return output.ToArray();
    }

    /// <summary>Compressible but not trivial: words from a small vocabulary in a fixed pseudo-random order.</summary>
    private static byte[] Text(int length)
    {
        string[] words = ["block", "artwork", "holder", "seed", "masternode", "fountain", "heal", "epoch", "chain", "ticket"];
        var bytes = new byte[length];
        ulong state = 88172645463325252UL;
        for (int i = 0; i < length;)
        {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            foreach (char c in words[state % (ulong)words.Length] + " ")
                if (i < length) bytes[i++] = (byte)c;
        }
        return bytes;
    }
}
