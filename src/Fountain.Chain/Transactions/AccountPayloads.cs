namespace Fountain.Chain.Transactions;

// The Shift account operations (seed shift-pricing.txt; issue 5, item 7) as signed chain transactions. The signer's
// account is the one that acts; amounts are base units (10^-8 token), as Fountain.Economics.Tokens counts them.

/// <summary>LOCK: move tokens from available to locked; they claim storage at today's price (Economics' Ledger).</summary>
public sealed record Lock(long AmountBaseUnits) : TransactionPayload;

/// <summary>UNLOCK: return locked tokens (minus the fee), releasing locked bytes pro rata.</summary>
public sealed record Unlock(long AmountBaseUnits) : TransactionPayload;

/// <summary>PIN: reserve <paramref name="Bytes"/> of the signer's locked capacity under a name.</summary>
public sealed record Pin(string PinId, long Bytes) : TransactionPayload;

/// <summary>UNPIN: release the pin of that name.</summary>
public sealed record Unpin(string PinId) : TransactionPayload;

/// <summary>Send available tokens to another identity (its id: SHA3-256 of its public key, hex).</summary>
public sealed record Transfer(string RecipientId, long AmountBaseUnits) : TransactionPayload;

/// <summary>
/// Development chains only (fountain.chain.faucet.enabled): the faucet account, funded at genesis, sends the signer
/// tokens. A chain with the faucet disabled refuses it.
/// </summary>
public sealed record Faucet(long AmountBaseUnits) : TransactionPayload;
