namespace Fountain.Actors.Sharding;

/// <summary>What a sharded entity knows about its place: its key, its node, and how to ask to be passivated.</summary>
public sealed class EntityContext
{
    private readonly Action<EntityContext> _passivate;

    internal EntityContext(string key, string nodeId, Action<EntityContext> passivate)
    {
        Key = key;
        NodeId = nodeId;
        _passivate = passivate;
    }

    public string Key { get; }
    public string NodeId { get; }
    internal ActorRef? Self { get; set; }

    /// <summary>
    /// Asks the region to stop this entity: the region buffers new messages for the key, lets the entity
    /// finish the messages already in its mailbox, and re-creates it if messages arrived meanwhile.
    /// </summary>
    public void Passivate() => _passivate(this);
}
