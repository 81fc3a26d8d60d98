namespace Fountain.Node.Owner;

/// <summary>What a store did: the artwork id, the blocks and how many were placed, and the ticket's registration.</summary>
public sealed record StoreOutcome(string ArtworkId, int Blocks, int BlocksPlaced, int Acknowledgements, string EntryNode, string TransactionId, long Height);

/// <summary>A store that could not register its artwork; nothing is on the chain (placed blocks expire on their holders).</summary>
public sealed class StoreException(string message, Exception? inner = null) : Exception(message, inner);
