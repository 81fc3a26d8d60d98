namespace Fountain.Node.Api;

/// <summary>Why the API refused a request: each is one class of attack (or of misconfigured client) a node turns away.</summary>
public enum RefusalKind
{
    /// <summary>A signature header is missing or malformed.</summary>
    Unsigned,
    /// <summary>The timestamp is outside the clock skew.</summary>
    Stale,
    /// <summary>The request is signed for another node (a replay of a request made to someone else, issue 12 hole 5).</summary>
    WrongTarget,
    /// <summary>The signature does not verify.</summary>
    BadSignature,
    /// <summary>The nonce was already used.</summary>
    Replayed,
    /// <summary>The signer has as many live nonces as one signer may have.</summary>
    SignerNonceQuota,
    /// <summary>The pool of nonces shared by keys that are no masternode is full.</summary>
    StrangerNoncesFull,
    /// <summary>The declared body is larger than the route takes.</summary>
    TooLarge,
    /// <summary>The body is not the one the signature declared (hash or length).</summary>
    BodyMismatch,
    /// <summary>The signer is not a member masternode (nor the artwork's owner) where that is required.</summary>
    NotMember,
    /// <summary>A placed holder of a block asked for its bytes or hashes of them (outsourcing, issue 7 and 12 hole 4).</summary>
    PlacedHolderRead,
    /// <summary>A member with no role for this block (not its owner, custodian or challenger) asked for its bytes or hashes.</summary>
    NoReadRole,
    /// <summary>A challenge answer was asked by a node the epoch's selection does not name as this node's challenger.</summary>
    NotSelectedChallenger,
    /// <summary>Every store session slot is taken.</summary>
    StoreSessionsBusy,
    /// <summary>The signer already runs as many store sessions as one signer may.</summary>
    SignerStoreSessionsBusy,
}

/// <summary>
/// Counts the API's refusals by <see cref="RefusalKind"/> since the node started; thread-safe, lock-free. Shown in the
/// signed /status answer (<see cref="Snapshot"/>), for the status page and metrics to take up.
/// </summary>
public sealed class RefusalCounters
{
    private static readonly RefusalKind[] Kinds = Enum.GetValues<RefusalKind>();
    private readonly long[] _counts = new long[Kinds.Length];

    public void Count(RefusalKind kind) => Interlocked.Increment(ref _counts[(int)kind]);

    public long this[RefusalKind kind] => Interlocked.Read(ref _counts[(int)kind]);

    /// <summary>Every kind with its count (zeros included, so the set of keys is stable), keyed by the kind's name in kebab case.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => Kinds.ToDictionary(NameOf, k => this[k], StringComparer.Ordinal);

    /// <summary><c>WrongTarget</c> as <c>wrong-target</c>.</summary>
    public static string NameOf(RefusalKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) ? (i == 0 ? "" : "-") + char.ToLowerInvariant(c) : c.ToString()));
}
