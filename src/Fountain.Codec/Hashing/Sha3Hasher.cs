namespace Fountain.Codec.Hashing;

/// <summary>
/// An incremental SHA3-256, for data that arrives in pieces (a request body, a byte range read from disk). Its
/// members are named as on <see cref="System.Security.Cryptography.IncrementalHash"/>, which it replaces, so that
/// callers did not change when a second implementation came in. Get one from <see cref="Sha3.CreateIncremental"/>.
/// </summary>
public abstract class Sha3Hasher : IDisposable
{
    public abstract void AppendData(ReadOnlySpan<byte> data);

    public void AppendData(byte[] data, int offset, int count) => AppendData(data.AsSpan(offset, count));

    /// <summary>Writes the digest of everything appended (32 bytes) and starts over, ready for new data.</summary>
    public abstract void GetHashAndReset(Span<byte> digest);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing) { }
}
