namespace Fountain.Economics.Accounts;

/// <summary>An artwork registered under the perpetual-fee model: who paid, for how many bytes, how much, when.</summary>
public sealed record ArtworkRegistration(string Owner, long SizeBytes, Tokens FeePaid, long Height);
