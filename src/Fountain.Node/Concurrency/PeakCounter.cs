namespace Fountain.Node.Concurrency;

/// <summary>Raises a shared high-water mark to a new value if it is higher, without a lock.</summary>
internal static class PeakCounter
{
    public static void Raise(ref long peak, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, value, seen) != seen) { }
    }
}
