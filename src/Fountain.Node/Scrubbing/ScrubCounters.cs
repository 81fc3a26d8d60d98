namespace Fountain.Node.Scrubbing;

/// <summary>What the scrubber has done since the node started; shown in GET /status.</summary>
public sealed class ScrubCounters
{
    private long _blocksChecked, _bytesChecked, _quarantined, _passes;

    public long BlocksChecked => Interlocked.Read(ref _blocksChecked);
    public long BytesChecked => Interlocked.Read(ref _bytesChecked);
    /// <summary>Blocks found corrupt and moved out of the store.</summary>
    public long Quarantined => Interlocked.Read(ref _quarantined);
    /// <summary>Complete passes over every held block.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    internal void Checked(long bytes)
    {
        Interlocked.Increment(ref _blocksChecked);
        Interlocked.Add(ref _bytesChecked, bytes);
    }

    internal void QuarantinedOne() => Interlocked.Increment(ref _quarantined);
    internal void PassCompleted() => Interlocked.Increment(ref _passes);
}
