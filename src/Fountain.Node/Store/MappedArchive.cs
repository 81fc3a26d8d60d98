using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace Fountain.Node.Store;

/// <summary>
/// An archive file mapped into memory and exposed as <see cref="Memory{T}"/>, which is what the encoder takes.
/// The operating system pages it in as the encoder reads it, so a large archive costs page cache, not managed
/// heap, and nothing is copied.
/// </summary>
internal sealed unsafe class MappedArchive : MemoryManager<byte>
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _start;
    private readonly int _length;
    private int _disposed;

    private MappedArchive(MemoryMappedFile file, MemoryMappedViewAccessor view, int length)
    {
        _file = file;
        _view = view;
        _length = length;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _start = pointer + view.PointerOffset;
    }

    /// <summary>Maps a file of 1 byte to 2 GiB read-only.</summary>
    public static MappedArchive Open(string path)
    {
        long length = new FileInfo(path).Length;
        if (length is < 1 or > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(path), length, "An archive to encode must have 1 byte to 2 GiB.");
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        try
        {
            var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            return new MappedArchive(file, view, (int)length);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public int Length => _length;

    public override Span<byte> GetSpan() => new(_start, _length);

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)_length);
        return new MemoryHandle(_start + elementIndex);
    }

    public override void Unpin() { }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
