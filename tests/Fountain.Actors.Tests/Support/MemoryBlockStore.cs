using Fountain.Actors.Holding;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;

namespace Fountain.Actors.Tests.Support;

/// <summary>The block store port in memory, with a capacity and a pending-bytes limit like the node's; it can be told to fail its next write.</summary>
internal sealed class MemoryBlockStore(long capacityBytes) : IBlockStore
{
    private readonly Dictionary<Hash256, (byte[] Bytes, DateTimeOffset? PendingUntil)> _blocks = [];
    private int _callers;

    public long UsedBytes => _blocks.Values.Sum(b => (long)b.Bytes.Length);
    public long PendingBytes => _blocks.Values.Where(b => b.PendingUntil is not null).Sum(b => (long)b.Bytes.Length);
    public IReadOnlyCollection<Hash256> Held => _blocks.Keys;
    public List<(Hash256 Id, string Folder)> Quarantined { get; } = [];
    public Exception? FailNextWrite { get; set; }

    /// <summary>Most calls seen running at once: the holder is the store's one writer, so never more than 1.</summary>
    public int PeakCallers { get; private set; }

    public PutOutcome Put(Hash256 blockId, BlockHeader header, ReadOnlySpan<byte> block, DateTimeOffset? pendingUntil, long maxPendingBytes)
    {
        using var _ = Enter();
        if (FailNextWrite is { } failure) { FailNextWrite = null; throw failure; }
        if (_blocks.ContainsKey(blockId)) return PutOutcome.AlreadyHeld;
        if (UsedBytes + block.Length > capacityBytes) return PutOutcome.Full;
        if (pendingUntil is not null && PendingBytes + block.Length > maxPendingBytes) return PutOutcome.PendingFull;
        Thread.Sleep(1); // a write takes time: overlapping callers would show
        _blocks[blockId] = (block.ToArray(), pendingUntil);
        return PutOutcome.Stored;
    }

    public bool Confirm(Hash256 blockId)
    {
        using var _ = Enter();
        if (!_blocks.TryGetValue(blockId, out var b) || b.PendingUntil is null) return false;
        _blocks[blockId] = (b.Bytes, null);
        return true;
    }

    public bool Delete(Hash256 blockId)
    {
        using var _ = Enter();
        return _blocks.Remove(blockId);
    }

    public DateTimeOffset? PendingUntil(Hash256 blockId)
    {
        using var _ = Enter();
        return _blocks.TryGetValue(blockId, out var b) ? b.PendingUntil : null;
    }

    public bool Quarantine(Hash256 blockId, string quarantineFolder)
    {
        using var _ = Enter();
        if (!_blocks.Remove(blockId)) return false;
        Quarantined.Add((blockId, quarantineFolder));
        return true;
    }

    private Caller Enter()
    {
        int now = Interlocked.Increment(ref _callers);
        lock (Quarantined) PeakCallers = Math.Max(PeakCallers, now);
        return new Caller(this);
    }

    private readonly struct Caller(MemoryBlockStore store) : IDisposable
    {
        public void Dispose() => Interlocked.Decrement(ref store._callers);
    }
}
