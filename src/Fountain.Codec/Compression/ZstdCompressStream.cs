using ZstdSharp.Unsafe;

namespace Fountain.Codec.Compression;

/// <summary>
/// A write-only stream that zstd-compresses what is written to it into an inner stream, one frame with a content
/// checksum. Memory is bounded by the level's window and a 128 KiB output buffer, whatever the input's size.
/// </summary>
public sealed unsafe class ZstdCompressStream : Stream
{
    private const int OutputBufferBytes = 128 * 1024;

    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly byte[] _output = new byte[OutputBufferBytes];
    private ZSTD_CCtx_s* _context;

    public ZstdCompressStream(Stream inner, int level, bool leaveOpen = false)
    {
        int min = Zstd.MinLevel, max = Zstd.MaxLevel;
        if (level < min || level > max) throw new ArgumentOutOfRangeException(nameof(level), level, $"zstd levels run from {min} to {max}.");
        _inner = inner;
        _leaveOpen = leaveOpen;
        _context = Methods.ZSTD_createCCtx();
        if (_context == null) throw new OutOfMemoryException("zstd could not create a compression context.");
        Zstd.Check(Methods.ZSTD_CCtx_setParameter(_context, ZSTD_cParameter.ZSTD_c_compressionLevel, level), "set level");
        // A content checksum lets the decompressor itself notice damage, even where the archive is read without its id.
        Zstd.Check(Methods.ZSTD_CCtx_setParameter(_context, ZSTD_cParameter.ZSTD_c_checksumFlag, 1), "enable checksum");
    }

    // The context is unmanaged memory (megabytes at high levels): a stream that is never disposed must not leak it.
    ~ZstdCompressStream() => Dispose(false);

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_context == null, this);
        fixed (byte* source = buffer)
        {
            var input = new ZSTD_inBuffer_s { src = source, size = (nuint)buffer.Length };
            while (input.pos < input.size) Pump(&input, ZSTD_EndDirective.ZSTD_e_continue);
        }
    }

    /// <summary>Ends the zstd frame and writes everything out. Called by Dispose; call it directly to see errors.</summary>
    public void Finish()
    {
        ObjectDisposedException.ThrowIf(_context == null, this);
        var input = default(ZSTD_inBuffer_s);
        while (Pump(&input, ZSTD_EndDirective.ZSTD_e_end) != 0) { }
        _inner.Flush();
    }

    private nuint Pump(ZSTD_inBuffer_s* input, ZSTD_EndDirective directive)
    {
        fixed (byte* destination = _output)
        {
            var output = new ZSTD_outBuffer_s { dst = destination, size = (nuint)_output.Length };
            nuint remaining = Zstd.Check(Methods.ZSTD_compressStream2(_context, &output, input, directive), "compression");
            _inner.Write(_output, 0, (int)output.pos);
            return remaining;
        }
    }

    public override void Flush() => _inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_context != null)
        {
            try { if (disposing) Finish(); }
            finally
            {
                Methods.ZSTD_freeCCtx(_context);
                _context = null;
                if (disposing && !_leaveOpen) _inner.Dispose();
            }
        }
        base.Dispose(disposing);
    }
}
