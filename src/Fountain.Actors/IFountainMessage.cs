namespace Fountain.Actors;

/// <summary>
/// Marks a Fountain message that may cross a process (the cluster of part 2): it is bound to the Hyperion serializer,
/// and its type must be on Fountain's allow-list (<see cref="Hosting.FountainSerialization"/>), which is all that
/// Hyperion will instantiate from the wire. What is journaled never uses this: it has its own explicit contract.
/// </summary>
public interface IFountainMessage;
