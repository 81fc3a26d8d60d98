namespace Fountain.Codec.Lt;

/// <summary>
/// The peeling (belief-propagation) decoder of an LT code, fed encoded symbols one at a time in any order.
///
/// Work is lazy: an encoded symbol's bytes are not touched when it arrives, only counted. Each waiting symbol
/// keeps the number of its neighbours not yet processed; when that reaches one, its last unknown neighbour is
/// the symbol XOR all the others, which are decoded by then. So every byte is XORed once per edge that resolves
/// something, and symbols that turn out redundant cost no XOR at all.
///
/// Memory is the padded archive (K·T) plus the payloads of symbols still waiting, which are never more than the
/// symbols received. Edges and waiting symbols live in flat growable arrays; nothing is allocated per symbol.
/// Not thread-safe: one decoder belongs to one actor or thread.
/// </summary>
public sealed class LtDecoder
{
    private const int NoEdge = -1;
    private const int Done = -1;

    private readonly LtParameters _parameters;
    private readonly NeighbourSampler _sampler;
    private readonly int[] _scratchNeighbours;
    private readonly byte[] _source;
    private readonly bool[] _decoded;
    private readonly int[] _firstEdge;      // per source symbol: head of its list of waiting symbols
    private readonly int[] _ripple;         // source symbols decoded but not yet processed
    private int _rippleCount;

    // Waiting symbols, by waiting id.
    private int[] _unprocessed = new int[1024];
    private int[] _neighbourStart = new int[1024];
    private int[] _degree = new int[1024];
    private int _waitingCount;
    private int _unresolvedWaiting;

    // The neighbour lists of waiting symbols, back to back.
    private int[] _neighbourPool = new int[16 * 1024];
    private int _neighbourPoolUsed;

    // Edges source symbol → waiting symbol, as singly linked lists.
    private int[] _edgeWaiting = new int[16 * 1024];
    private int[] _edgeNext = new int[16 * 1024];
    private int _edgeCount;

    private readonly SymbolArena _arena;

    public LtDecoder(LtParameters parameters)
    {
        long padded = parameters.PaddedLength;
        if (padded > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(parameters), $"An archive of {parameters.ArchiveLength} bytes is larger than this decoder holds in memory ({Array.MaxLength} bytes).");
        _parameters = parameters;
        _sampler = new NeighbourSampler(new RobustSoliton(parameters.SourceSymbols, parameters.C, parameters.Delta));
        _scratchNeighbours = new int[parameters.SourceSymbols];
        _source = GC.AllocateUninitializedArray<byte>((int)padded);
        _decoded = new bool[parameters.SourceSymbols];
        _firstEdge = new int[parameters.SourceSymbols];
        Array.Fill(_firstEdge, NoEdge);
        _ripple = new int[parameters.SourceSymbols];
        _arena = new SymbolArena(parameters.SymbolBytes);
    }

    public LtParameters Parameters => _parameters;
    public int DecodedSymbols { get; private set; }
    public long SymbolsReceived { get; private set; }

    /// <summary>
    /// Received symbols that still cover two or more unknown source symbols. Each symbol recovers at most one source
    /// symbol in its life (the rest are redundant), so these can add at most this many to <see cref="DecodedSymbols"/>.
    /// </summary>
    public int UnresolvedSymbols => _unresolvedWaiting;

    /// <summary>
    /// A true lower bound on the further symbols needed: K minus what the symbols received so far can ever yield,
    /// the decoded ones and one per unresolved symbol. No decoder, peeling or not, can do with fewer, since each
    /// symbol is one equation and the redundant ones add none. Incomplete, this decoder needs at least one more.
    /// Decodes usually need a few percent more (LT's overhead), so this is a floor, not an estimate.
    /// </summary>
    public long MinimumMoreSymbols => IsComplete ? 0 : Math.Max(1, (long)_parameters.SourceSymbols - DecodedSymbols - _unresolvedWaiting);
    public bool IsComplete => DecodedSymbols == _parameters.SourceSymbols;

    /// <summary>Bytes held for symbols that are still waiting for their neighbours.</summary>
    public long WaitingBytes => _arena.BytesInUse;

    /// <summary>The decoded archive, without padding. Valid once <see cref="IsComplete"/>.</summary>
    public ReadOnlyMemory<byte> Archive =>
        IsComplete ? _source.AsMemory(0, (int)_parameters.ArchiveLength) : throw new InvalidOperationException("The archive is not decoded yet.");

    /// <summary>
    /// Adds the M symbols of one block's payload (symbol j's seed is output j of SplitMix64 seeded with the block
    /// seed). Stops early when the archive completes. Returns true when the archive is complete.
    /// </summary>
    public bool AddBlockPayload(ulong blockSeed, ReadOnlySpan<byte> payload)
    {
        int t = _parameters.SymbolBytes;
        if (payload.Length != _parameters.BlockPayloadBytes)
            throw new ArgumentException($"A block payload of this code has {_parameters.BlockPayloadBytes} bytes, not {payload.Length}.", nameof(payload));
        for (int j = 0; j < _parameters.SymbolsPerBlock && !IsComplete; j++)
            AddSymbol(SplitMix64.Nth(blockSeed, (ulong)j), payload.Slice(j * t, t));
        return IsComplete;
    }

    /// <summary>Adds one encoded symbol. Returns true when the archive is complete.</summary>
    public bool AddSymbol(ulong symbolSeed, ReadOnlySpan<byte> symbol)
    {
        if (symbol.Length != _parameters.SymbolBytes)
            throw new ArgumentException($"A symbol of this code has {_parameters.SymbolBytes} bytes, not {symbol.Length}.", nameof(symbol));
        if (IsComplete) return true;
        SymbolsReceived++;

        var neighbours = _scratchNeighbours.AsSpan();
        int degree = _sampler.Sample(symbolSeed, neighbours);
        int unknown = 0, lastUnknown = -1;
        for (int i = 0; i < degree; i++)
            if (!_decoded[neighbours[i]]) { unknown++; lastUnknown = neighbours[i]; }

        if (unknown == 0) return false; // Redundant: everything it covers is known already.
        if (unknown == 1)
        {
            Recover(lastUnknown, symbol, neighbours[..degree]);
            Peel();
            return IsComplete;
        }
        Wait(symbol, neighbours[..degree], unknown);
        return false;
    }

    /// <summary>Keeps a symbol that covers two or more unknown source symbols until all but one are known.</summary>
    private void Wait(ReadOnlySpan<byte> symbol, ReadOnlySpan<int> neighbours, int unknown)
    {
        int id = _waitingCount++;
        _unresolvedWaiting++;
        EnsureWaitingCapacity(id + 1);
        _unprocessed[id] = unknown;
        _degree[id] = neighbours.Length;
        _neighbourStart[id] = _neighbourPoolUsed;
        EnsureCapacity(ref _neighbourPool, _neighbourPoolUsed + neighbours.Length);
        neighbours.CopyTo(_neighbourPool.AsSpan(_neighbourPoolUsed));
        _neighbourPoolUsed += neighbours.Length;
        _arena.Store(id, symbol);

        EnsureCapacity(ref _edgeWaiting, _edgeCount + unknown);
        EnsureCapacity(ref _edgeNext, _edgeCount + unknown);
        foreach (int source in neighbours)
        {
            if (_decoded[source]) continue;
            _edgeWaiting[_edgeCount] = id;
            _edgeNext[_edgeCount] = _firstEdge[source];
            _firstEdge[source] = _edgeCount++;
        }
    }

    /// <summary>Processes decoded source symbols until no waiting symbol is down to one unknown neighbour.</summary>
    private void Peel()
    {
        while (_rippleCount > 0)
        {
            int source = _ripple[--_rippleCount];
            for (int edge = _firstEdge[source]; edge != NoEdge; edge = _edgeNext[edge])
            {
                int id = _edgeWaiting[edge];
                if (_unprocessed[id] == Done) continue;
                if (--_unprocessed[id] != 1) continue;
                ResolveWaiting(id);
            }
            _firstEdge[source] = NoEdge;
        }
    }

    private void ResolveWaiting(int id)
    {
        var neighbours = _neighbourPool.AsSpan(_neighbourStart[id], _degree[id]);
        _unprocessed[id] = Done;
        _unresolvedWaiting--;
        int target = -1;
        foreach (int source in neighbours)
            if (!_decoded[source]) { target = source; break; }
        // Its last neighbour may already be decoded (by another symbol) and only waiting in the ripple.
        if (target >= 0) Recover(target, _arena.Get(id), neighbours);
        _arena.Release(id);
    }

    /// <summary>source[target] = symbol XOR every other (decoded) neighbour.</summary>
    private void Recover(int target, ReadOnlySpan<byte> symbol, ReadOnlySpan<int> neighbours)
    {
        int t = _parameters.SymbolBytes;
        var destination = _source.AsSpan(target * t, t);
        symbol.CopyTo(destination);
        foreach (int source in neighbours)
            if (source != target) Xor.Into(destination, _source.AsSpan(source * t, t));
        _decoded[target] = true;
        DecodedSymbols++;
        _ripple[_rippleCount++] = target;
    }

    private void EnsureWaitingCapacity(int needed)
    {
        if (needed <= _unprocessed.Length) return;
        EnsureCapacity(ref _unprocessed, needed);
        EnsureCapacity(ref _neighbourStart, needed);
        EnsureCapacity(ref _degree, needed);
    }

    private static void EnsureCapacity(ref int[] array, int needed)
    {
        if (needed <= array.Length) return;
        Array.Resize(ref array, (int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * array.Length)));
    }
}
