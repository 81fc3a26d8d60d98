namespace Fountain.Codec.Lt;

/// <summary>
/// Holds the payloads of waiting symbols in large chunks, with a free list, so the decoder allocates a chunk
/// now and then instead of an array per symbol, and reuses the slots of symbols that resolved.
/// </summary>
internal sealed class SymbolArena
{
    private const int ChunkBytes = 4 * 1024 * 1024;

    private readonly int _symbolBytes;
    private readonly int _slotsPerChunk;
    private readonly List<byte[]> _chunks = [];
    private readonly Stack<int> _freeSlots = new();
    private int[] _slotOf = new int[1024];
    private int _nextSlot;

    public SymbolArena(int symbolBytes)
    {
        _symbolBytes = symbolBytes;
        _slotsPerChunk = Math.Max(1, ChunkBytes / symbolBytes);
    }

    public long BytesInUse => (long)(_nextSlot - _freeSlots.Count) * _symbolBytes;

    public void Store(int id, ReadOnlySpan<byte> symbol)
    {
        int slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _nextSlot++;
        if (id >= _slotOf.Length) Array.Resize(ref _slotOf, Math.Max(id + 1, _slotOf.Length * 2));
        _slotOf[id] = slot;
        symbol.CopyTo(SlotSpan(slot));
    }

    public ReadOnlySpan<byte> Get(int id) => SlotSpan(_slotOf[id]);

    public void Release(int id) => _freeSlots.Push(_slotOf[id]);

    private Span<byte> SlotSpan(int slot)
    {
        int chunk = slot / _slotsPerChunk;
        while (chunk >= _chunks.Count) _chunks.Add(GC.AllocateUninitializedArray<byte>(_slotsPerChunk * _symbolBytes));
        return _chunks[chunk].AsSpan(slot % _slotsPerChunk * _symbolBytes, _symbolBytes);
    }
}
