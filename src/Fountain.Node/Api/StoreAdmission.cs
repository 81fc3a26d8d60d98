using Microsoft.AspNetCore.Http;

namespace Fountain.Node.Api;

/// <summary>
/// The store session slots: at most <c>max-store-sessions</c> at once, and at most <c>max-store-sessions-per-signer</c>
/// of them held by one signer, so that one key uploading slowly cannot take every slot (issue 12, hole 6). Only
/// authenticated requests ask for a slot. Thread-safe.
/// </summary>
internal sealed class StoreAdmission(int maxSessions, int maxSessionsPerSigner)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _bySigner = new(StringComparer.Ordinal);
    private int _running;

    /// <summary>A slot for <paramref name="signerId"/> (dispose it to give it back), or null and the refusal.</summary>
    public IDisposable? TryEnter(string signerId, out Refusal? refusal)
    {
        lock (_gate)
        {
            _bySigner.TryGetValue(signerId, out var held);
            if (held >= maxSessionsPerSigner)
            {
                refusal = new Refusal(StatusCodes.Status429TooManyRequests,
                    $"this signer already runs {held} store sessions here, the most one signer may; try again when one has ended", RefusalKind.SignerStoreSessionsBusy);
                return null;
            }
            if (_running >= maxSessions)
            {
                refusal = new Refusal(StatusCodes.Status503ServiceUnavailable,
                    $"this node already runs its maximum of {maxSessions} store sessions; try again later", RefusalKind.StoreSessionsBusy);
                return null;
            }
            _bySigner[signerId] = held + 1;
            _running++;
        }
        refusal = null;
        return new Lease(this, signerId);
    }

    private void Leave(string signerId)
    {
        lock (_gate)
        {
            _running--;
            if (--_bySigner[signerId] == 0) _bySigner.Remove(signerId);
        }
    }

    private sealed class Lease(StoreAdmission admission, string signerId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) admission.Leave(signerId);
        }
    }
}
