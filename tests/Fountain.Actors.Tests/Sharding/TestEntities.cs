using Fountain.Actors.Persistence;
using Fountain.Actors.Sharding;

namespace Fountain.Actors.Tests.Sharding;

public abstract record EntityMessage;
public sealed record Increment(int Amount) : EntityMessage;
public sealed record Read(ActorRef<(string Node, long Total)> ReplyTo) : EntityMessage;
public sealed record PassivateYourself : EntityMessage;
/// <summary>Blocks the entity's turn until the gate opens, so that a test can act while the entity is busy.</summary>
public sealed record Block(ManualResetEventSlim Gate) : EntityMessage;
public sealed record Incremented(int Amount);

/// <summary>A sharded counter that persists its increments, so that it can recover on another node.</summary>
internal sealed class ShardedCounter(EntityContext entity, PersistenceSettings<Incremented> settings, Action<string>? onStart = null)
    : PersistentActor<EntityMessage, Incremented>(settings)
{
    private long _total;

    protected override string PersistenceId => "counter-" + entity.Key;

    protected override void OnRecoveryCompleted() => onStart?.Invoke(entity.Key);

    protected override void OnCommand(EntityMessage command)
    {
        switch (command)
        {
            case Increment i: Persist(new Incremented(i.Amount)); break;
            case Read r: r.ReplyTo.Tell((entity.NodeId, _total)); break;
            case PassivateYourself: entity.Passivate(); break;
            case Block b: b.Gate.Wait(TimeSpan.FromSeconds(30)); break;
        }
    }

    protected override void ApplyEvent(Incremented @event) => _total += @event.Amount;
}

/// <summary>A plain entity with no persistence, for counting activations cheaply.</summary>
internal sealed class PlainEntity(EntityContext entity, Action<string>? onStart = null) : Actor<EntityMessage>
{
    private long _total;

    protected override void PreStart() => onStart?.Invoke(entity.Key);

    protected override void Receive(EntityMessage message)
    {
        switch (message)
        {
            case Increment i: _total += i.Amount; break;
            case Read r: r.ReplyTo.Tell((entity.NodeId, _total)); break;
            case PassivateYourself: entity.Passivate(); break;
        }
    }
}
