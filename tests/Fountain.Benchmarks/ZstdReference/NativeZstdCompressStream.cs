namespace Fountain.Benchmarks.ZstdReference;

/// <summary>The reference compress stream over native libzstd: Fountain.Codec's stream as it was at commit 42d7376, for benchmarks only.</summary>
internal sealed class NativeZstdCompressStream : Stream
{
    private const int OutputBufferBytes = 128 * 1024;

    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly byte[] _output = new byte[OutputBufferBytes];
    private nint _context;

    public NativeZstdCompressStream(Stream inner, int level, bool leaveOpen = false)
    {
        NativeZstd.EnsureAvailable();
        int min = Math.Max(1, NativeZstd.MinCompressionLevel()), max = NativeZstd.MaxCompressionLevel();
        if (level < min || level > max) throw new ArgumentOutOfRangeException(nameof(level), level, $"zstd levels run from {min} to {max}.");
        _inner = inner;
        _leaveOpen = leaveOpen;
        _context = NativeZstd.CreateCompressionContext();
        if (_context == 0) throw new OutOfMemoryException("zstd could not create a compression context.");
        NativeZstd.Check(NativeZstd.SetCompressionParameter(_context, NativeZstd.CompressionLevelParameter, level), "set level");
        // A content checksum lets the decompressor itself notice damage, even where the archive is read without its id.
        NativeZstd.Check(NativeZstd.SetCompressionParameter(_context, NativeZstd.ChecksumFlagParameter, 1), "enable checksum");
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_context == 0, this);
        fixed (byte* source = buffer)
        {
            var input = new NativeZstd.InBuffer { Source = source, Size = (nuint)buffer.Length };
            while (input.Position < input.Size) Pump(&input, NativeZstd.EndDirective.Continue);
        }
    }

    /// <summary>Ends the zstd frame and writes everything out. Called by Dispose; call it directly to see errors.</summary>
    public unsafe void Finish()
    {
        ObjectDisposedException.ThrowIf(_context == 0, this);
        var input = default(NativeZstd.InBuffer);
        while (Pump(&input, NativeZstd.EndDirective.End) != 0) { }
        _inner.Flush();
    }

    private unsafe nuint Pump(NativeZstd.InBuffer* input, NativeZstd.EndDirective directive)
    {
        fixed (byte* destination = _output)
        {
            var output = new NativeZstd.OutBuffer { Destination = destination, Size = (nuint)_output.Length };
            nuint remaining = NativeZstd.Check(NativeZstd.CompressStream(_context, &output, input, directive), "compression");
            _inner.Write(_output, 0, (int)output.Position);
            return remaining;
        }
    }

    public override void Flush() => _inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_context != 0)
        {
            try { if (disposing) Finish(); }
            finally
            {
                NativeZstd.FreeCompressionContext(_context);
                _context = 0;
                if (disposing && !_leaveOpen) _inner.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
