using System.Buffers;
using Fountain.Codec.Hashing;
using Microsoft.AspNetCore.Http;

namespace Fountain.Node.Api;

/// <summary>A request body read into a pooled buffer; return it with <see cref="Dispose"/>.</summary>
internal sealed class BufferedBody : IDisposable
{
    private byte[]? _buffer;

    public BufferedBody(byte[] buffer, int length, string sha3Hex)
    {
        _buffer = buffer;
        Length = length;
        Sha3Hex = sha3Hex;
    }

    public int Length { get; }
    public string Sha3Hex { get; }
    public ReadOnlyMemory<byte> Memory => _buffer is { } b ? b.AsMemory(0, Length) : throw new ObjectDisposedException(nameof(BufferedBody));

    /// <summary>
    /// Gives the buffer up without returning it to the pool: used when a writer might still read it (an ask
    /// that timed out), since a pooled buffer handed to someone else meanwhile would corrupt that write.
    /// </summary>
    public void Abandon() => _buffer = null;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } b) ArrayPool<byte>.Shared.Return(b);
    }
}

/// <summary>
/// Reads request bodies within a byte limit while hashing them (SHA3-256, for the request signature): into a
/// pooled buffer (a block) or a file (an archive). A declared Content-Length above the limit is refused before
/// anything is read; a body that turns out longer is refused as soon as it crosses the limit.
/// </summary>
internal static class RequestBody
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Null when the body is larger than <paramref name="maxBytes"/>.</summary>
    /// <remarks>
    /// The buffer is rented at the declared length (plus one byte, so that a longer body is seen as such) and
    /// grows only if the body has no declared length: renting the limit for every request would make the shared
    /// pool keep many limit-sized arrays around, memory that has nothing to do with the bodies actually sent.
    /// </remarks>
    public static async Task<BufferedBody?> ReadToBufferAsync(HttpRequest request, int maxBytes, CancellationToken cancellation)
    {
        if (request.ContentLength > maxBytes) return null;
        int initial = (int)Math.Min(request.ContentLength ?? ChunkBytes, maxBytes) + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(initial);
        // Hashed chunk by chunk as it arrives, so that hashing overlaps the transfer instead of following it.
        using var hasher = Sha3.CreateIncremental();
        try
        {
            int length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes + 1L));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                int read = await request.Body.ReadAsync(buffer.AsMemory(length, Math.Min(ChunkBytes, buffer.Length - length)), cancellation).ConfigureAwait(false);
                if (read == 0) break;
                if (length + read > maxBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }
                hasher.AppendData(buffer, length, read);
                length += read;
            }
            return new BufferedBody(buffer, length, Sha3.Finish(hasher).ToString());
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Streams the body into a new file; returns its length and hash, or null (and deletes the file) when it exceeds <paramref name="maxBytes"/>.</summary>
    public static async Task<(long Length, Hash256 Sha3)?> ReadToFileAsync(HttpRequest request, string path, long maxBytes, CancellationToken cancellation)
    {
        if (request.ContentLength > maxBytes) return null;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        bool keep = false;
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            using var hasher = Sha3.CreateIncremental();
            long length = 0;
            while (true)
            {
                int read = await request.Body.ReadAsync(buffer.AsMemory(0, ChunkBytes), cancellation).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                if (length > maxBytes) return null;
                hasher.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellation).ConfigureAwait(false);
            }
            keep = true;
            return (length, Sha3.Finish(hasher));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!keep) File.Delete(path);
        }
    }
}
