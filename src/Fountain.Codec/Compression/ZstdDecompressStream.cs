using ZstdSharp.Unsafe;

namespace Fountain.Codec.Compression;

/// <summary>
/// A read-only stream that decompresses a zstd stream. It caps the window a frame may ask for (so a hostile
/// frame cannot make it reserve gigabytes) and the total it will produce (so a small archive cannot expand
/// without bound); both end in <see cref="InvalidDataException"/>.
/// </summary>
public sealed unsafe class ZstdDecompressStream : Stream
{
    private const int InputBufferBytes = 128 * 1024;

    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly long _maxOutputBytes;
    private readonly byte[] _input = new byte[InputBufferBytes];
    private int _inputLength, _inputPosition;
    private bool _innerEnded;
    private nuint _lastResult = 1;
    private ZSTD_DCtx_s* _context;

    /// <param name="maxOutputBytes">Decompressed bytes this stream will produce before it refuses to go on.</param>
    /// <param name="windowLogMax">The largest window (2^n bytes) a frame may use: 27 = 128 MiB, zstd's default limit.</param>
    public ZstdDecompressStream(Stream inner, long maxOutputBytes, int windowLogMax = 27, bool leaveOpen = false)
    {
        _inner = inner;
        _leaveOpen = leaveOpen;
        _maxOutputBytes = maxOutputBytes;
        _context = Methods.ZSTD_createDCtx();
        if (_context == null) throw new OutOfMemoryException("zstd could not create a decompression context.");
        Zstd.Check(Methods.ZSTD_DCtx_setParameter(_context, ZSTD_dParameter.ZSTD_d_windowLogMax, windowLogMax), "set window limit");
    }

    // The context is unmanaged memory (up to the window limit): a stream that is never disposed must not leak it.
    ~ZstdDecompressStream() => Dispose(false);

    public long BytesProduced { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesProduced; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_context == null, this);
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            if (_inputPosition == _inputLength && !_innerEnded)
            {
                _inputLength = _inner.Read(_input, 0, _input.Length);
                _inputPosition = 0;
                _innerEnded = _inputLength == 0;
            }
            if (_innerEnded && _inputPosition == _inputLength)
            {
                // A frame that stopped half way is damage, not an ending. zstd holds the last input byte back until
                // a frame's output is all handed over, so input used up with a non-zero result really is a truncation.
                if (_lastResult != 0) throw new InvalidDataException("The zstd stream ends in the middle of a frame (truncated archive).");
                return 0;
            }
            int produced;
            fixed (byte* source = _input)
            fixed (byte* destination = buffer)
            {
                var input = new ZSTD_inBuffer_s { src = source, size = (nuint)_inputLength, pos = (nuint)_inputPosition };
                var output = new ZSTD_outBuffer_s { dst = destination, size = (nuint)buffer.Length };
                _lastResult = Zstd.Check(Methods.ZSTD_decompressStream(_context, &output, &input), "decompression");
                _inputPosition = (int)input.pos;
                produced = (int)output.pos;
            }
            if (produced > 0)
            {
                BytesProduced += produced;
                if (BytesProduced > _maxOutputBytes)
                    throw new InvalidDataException($"The archive expands past the limit of {_maxOutputBytes} bytes.");
                return produced;
            }
        }
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_context != null)
        {
            Methods.ZSTD_freeDCtx(_context);
            _context = null;
            if (disposing && !_leaveOpen) _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
