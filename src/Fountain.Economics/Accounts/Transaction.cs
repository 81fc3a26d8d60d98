namespace Fountain.Economics.Accounts;

/// <summary>
/// A transaction the ledger applies. Signatures, nonces and wire formats belong to the chain; these
/// records are what a verified transaction means to the economics. The kinds are nested
/// (<c>Transaction.Lock</c>) so that they never clash with framework names such as System.Threading.Lock,
/// and the constructor is private so that the set of kinds is closed: the ledger has a rule for each.
/// </summary>
public abstract record Transaction
{
    private Transaction(string sender) => Sender = sender;

    /// <summary>The account that signed the transaction and pays its fee.</summary>
    public string Sender { get; }

    /// <summary>Move <paramref name="Amount"/> from available to locked and claim the bytes it buys at today's price.</summary>
    public sealed record Lock(string Sender, Tokens Amount) : Transaction(Sender);

    /// <summary>Move <paramref name="Amount"/> from locked back to available (minus the fee), releasing bytes pro rata.</summary>
    public sealed record Unlock(string Sender, Tokens Amount) : Transaction(Sender);

    /// <summary>Pin <paramref name="Bytes"/> of content named <paramref name="PinId"/> against the sender's locked bytes.</summary>
    public sealed record Pin(string Sender, string PinId, long Bytes) : Transaction(Sender);

    /// <summary>Remove the pin named <paramref name="PinId"/>.</summary>
    public sealed record Unpin(string Sender, string PinId) : Transaction(Sender);

    /// <summary>Send <paramref name="Amount"/> of available tokens to <paramref name="Recipient"/>.</summary>
    public sealed record Transfer(string Sender, string Recipient, Tokens Amount) : Transaction(Sender);

    /// <summary>
    /// Register an artwork under the perpetual-fee payment model, paying <paramref name="Fee"/> (at least the
    /// perpetual fee quoted for <paramref name="SizeBytes"/>; the sender signs the amount they pay).
    /// </summary>
    public sealed record RegisterArtwork(string Sender, string ArtworkId, long SizeBytes, Tokens Fee) : Transaction(Sender);
}
