namespace Fountain.Codec.Archive;

/// <summary>A read-through stream that reports the running total of bytes read, for progress bars (archive packing, uploads).</summary>
public sealed class ProgressStream(Stream inner, IProgress<long>? progress, long startAt) : Stream
{
    private long _total = startAt;

    public override int Read(byte[] buffer, int offset, int count) => Report(inner.Read(buffer, offset, count));
    public override int Read(Span<byte> buffer) => Report(inner.Read(buffer));
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Report(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Report(int read)
    {
        _total += read;
        if (read > 0) progress?.Report(_total);
        return read;
    }

    public override bool CanRead => true;
    // TarWriter must know an entry's length before it writes the data, which it learns by seeking.
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
