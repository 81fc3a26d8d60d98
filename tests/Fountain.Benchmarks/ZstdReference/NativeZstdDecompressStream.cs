namespace Fountain.Benchmarks.ZstdReference;

/// <summary>The reference decompress stream over native libzstd: Fountain.Codec's stream as it was at commit 42d7376, for benchmarks only.</summary>
internal sealed class NativeZstdDecompressStream : Stream
{
    private const int InputBufferBytes = 128 * 1024;

    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly long _maxOutputBytes;
    private readonly byte[] _input = new byte[InputBufferBytes];
    private int _inputLength, _inputPosition;
    private bool _innerEnded;
    private nuint _lastResult = 1;
    private nint _context;

    /// <param name="maxOutputBytes">Decompressed bytes this stream will produce before it refuses to go on.</param>
    /// <param name="windowLogMax">The largest window (2^n bytes) a frame may use: 27 = 128 MiB, zstd's default limit.</param>
    public NativeZstdDecompressStream(Stream inner, long maxOutputBytes, int windowLogMax = 27, bool leaveOpen = false)
    {
        NativeZstd.EnsureAvailable();
        _inner = inner;
        _leaveOpen = leaveOpen;
        _maxOutputBytes = maxOutputBytes;
        _context = NativeZstd.CreateDecompressionContext();
        if (_context == 0) throw new OutOfMemoryException("zstd could not create a decompression context.");
        NativeZstd.Check(NativeZstd.SetDecompressionParameter(_context, NativeZstd.WindowLogMaxParameter, windowLogMax), "set window limit");
    }

    public long BytesProduced { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesProduced; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override unsafe int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_context == 0, this);
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
                // A frame that stopped half way is damage, not an ending.
                if (_lastResult != 0) throw new InvalidDataException("The zstd stream ends in the middle of a frame (truncated archive).");
                return 0;
            }
            int produced;
            fixed (byte* source = _input)
            fixed (byte* destination = buffer)
            {
                var input = new NativeZstd.InBuffer { Source = source, Size = (nuint)_inputLength, Position = (nuint)_inputPosition };
                var output = new NativeZstd.OutBuffer { Destination = destination, Size = (nuint)buffer.Length };
                _lastResult = NativeZstd.Check(NativeZstd.DecompressStream(_context, &output, &input), "decompression");
                _inputPosition = (int)input.Position;
                produced = (int)output.Position;
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
        if (_context != 0)
        {
            NativeZstd.FreeDecompressionContext(_context);
            _context = 0;
            if (disposing && !_leaveOpen) _inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
