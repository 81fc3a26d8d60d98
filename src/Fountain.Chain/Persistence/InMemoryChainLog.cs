namespace Fountain.Chain.Persistence;

/// <summary>A log that lives as long as the process: for tests and throw-away in-process chains.</summary>
public sealed class InMemoryChainLog : IChainLog
{
    private readonly List<ChainLogEntry> _entries = [];
    private readonly Lock _gate = new();

    public Task<IReadOnlyList<ChainLogEntry>> ReadAsync(long fromSequence, int maxEntries, CancellationToken cancellation = default)
    {
        ChainLogArguments.CheckRead(fromSequence, maxEntries);
        lock (_gate)
            return Task.FromResult<IReadOnlyList<ChainLogEntry>>(_entries.Skip((int)Math.Min(int.MaxValue, Math.Max(0, fromSequence - 1))).Take(maxEntries).ToList());
    }

    public Task AppendAsync(ChainLogEntry entry, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            if (entry.Sequence != _entries.Count + 1) throw new ChainLogConflictException(_entries.Count + 1, entry.Sequence);
            _entries.Add(entry);
        }
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal static class ChainLogArguments
{
    public static void CheckRead(long fromSequence, int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
    }
}
