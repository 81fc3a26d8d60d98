namespace Fountain.Actors.Sharding;

/// <summary>
/// The region's actor. Entities are its children, named by their escaped key and watched. Stopping an
/// entity (passivation, idle, hand-off) lets it finish the messages already in its mailbox
/// (<see cref="StopWhenDrained"/>) while the region buffers new ones (bounded); when it has stopped, the
/// buffer goes to a re-created entity here, or to the key's new owner after a hand-off.
/// </summary>
internal sealed class ShardRegionActor<T>(ShardRegionOptions<T> options) : Actor<RegionCommand<T>>
{
    private enum StopReason { None, Passivate, Idle, HandOff }

    private sealed class Entity(ActorRef<T> actor, long lastSeen)
    {
        public ActorRef<T> Actor { get; } = actor;
        public long LastSeen = lastSeen;
        public StopReason Stopping;
        public Queue<T>? Buffer;
    }

    private readonly ShardingSettings _settings = options.Settings;
    private readonly Dictionary<string, Entity> _entities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _ownerCache = new(StringComparer.Ordinal);
    private IReadOnlyList<string> _members = options.Members.ToArray();
    private long _activations, _passivations, _handOffs, _forwarded, _deadLettered;
    private int _buffered;
    private Task _rememberTail = Task.CompletedTask;
    private int _pendingRememberWrites;
    private bool _rememberLoaded = true;
    private Action<EntityContext>? _requestPassivation;

    private bool EntityDropsOnOverflow =>
        (_settings.EntityMailbox ?? Context.System.Settings.DefaultMailbox).Overflow == OverflowStrategy.DropToDeadLetters;

    protected override void PreStart()
    {
        if (_settings.PassivateIdleAfter > TimeSpan.Zero && !_settings.RememberEntities)
        {
            var interval = TimeSpan.FromTicks(Math.Max(_settings.PassivateIdleAfter.Ticks / 2, TimeSpan.TicksPerMillisecond));
            Context.Timers.StartPeriodic("idle", CheckIdleEntities<T>.Instance, interval);
        }
        if (_settings.RememberEntities) LoadRemembered();
    }

    protected override void Receive(RegionCommand<T> message)
    {
        switch (message)
        {
            case DeliverEnvelope<T> d: Deliver(d.Envelope); break;
            case PassivateEntity<T> p: Passivate(p.Key, p.Entity, StopReason.Passivate); break;
            case UpdateMembers<T> u: ChangeMembers(u.Members); break;
            case CheckIdleEntities<T>: PassivateIdle(); break;
            case GetRegionStatistics<T> g: g.ReplyTo.Tell(Statistics()); break;
        }
    }

    private ShardRegionStatistics Statistics() => new(options.TypeName, options.NodeId, _members.Count, _entities.Count,
        _activations, _passivations, _handOffs, _forwarded, _buffered, _deadLettered);

    // ---- Routing -----------------------------------------------------------------------------------------

    private string? OwnerOf(string key)
    {
        if (_members.Count == 0) return null;
        if (_ownerCache.TryGetValue(key, out var cached)) return cached;
        var owner = options.Placement.OwnerOf(key, _members);
        if (_ownerCache.Count >= _settings.OwnerCacheCapacity) _ownerCache.Clear();
        if (_settings.OwnerCacheCapacity > 0) _ownerCache[key] = owner;
        return owner;
    }

    private void Deliver(ShardEnvelope<T> envelope)
    {
        var owner = OwnerOf(envelope.Key);
        if (owner is null)
        {
            DeadLetter(envelope, DeadLetterReason.NoRoute);
            return;
        }
        if (owner != options.NodeId)
        {
            Forward(owner, envelope);
            return;
        }
        if (!_entities.TryGetValue(envelope.Key, out var entity)) entity = Activate(envelope.Key);
        if (envelope.StartOnly) return;
        DeliverLocal(envelope.Key, entity, envelope.Message!);
    }

    private void DeliverLocal(string key, Entity entity, T message)
    {
        if (entity.Stopping != StopReason.None)
        {
            entity.Buffer ??= new Queue<T>();
            if (entity.Buffer.Count >= _settings.BufferCapacityPerEntityMessages)
            {
                DeadLetter(message, DeadLetterReason.BufferFull);
                return;
            }
            entity.Buffer.Enqueue(message);
            _buffered++;
            return;
        }
        entity.LastSeen = Context.Clock.GetTimestamp();
        if (!entity.Actor.Tell(message))
        {
            _deadLettered++;
            if (!EntityDropsOnOverflow && !entity.Actor.IsTerminated)
                Context.System.DeadLetters.Publish(message, entity.Actor.Path, DeadLetterReason.MailboxFull);
        }
    }

    private void Forward(string owner, ShardEnvelope<T> envelope)
    {
        if (envelope.Hops >= _settings.MaxForwardHops || options.Transport is null ||
            !options.Transport.Send(owner, envelope with { Hops = envelope.Hops + 1 }))
        {
            DeadLetter(envelope, DeadLetterReason.NoRoute);
            return;
        }
        _forwarded++;
    }

    private void DeadLetter(object? message, DeadLetterReason reason)
    {
        _deadLettered++;
        Context.System.DeadLetters.Publish(message, Self.Path, reason);
    }

    // ---- Entity lifecycle --------------------------------------------------------------------------------

    private Entity Activate(string key)
    {
        if (_settings.MaxLiveEntities > 0 && _entities.Count >= _settings.MaxLiveEntities) PassivateLeastRecentlyUsed();
        // One delegate for all entities: at 100,000 entities a delegate each is 6 MB.
        var context = new EntityContext(key, options.NodeId, _requestPassivation ??= RequestPassivation);
        var props = Props<T>.Create(() => options.EntityFactory(context)) with { Mailbox = _settings.EntityMailbox };
        var actor = Context.Spawn(props, Uri.EscapeDataString(key));
        context.Self = actor;
        Context.Watch(actor);
        var entity = new Entity(actor, Context.Clock.GetTimestamp());
        _entities[key] = entity;
        _activations++;
        if (_settings.RememberEntities && _rememberLoaded) Remember(store => store.AddAsync(key));
        return entity;
    }

    private void RequestPassivation(EntityContext context)
    {
        // Called on the entity's turn: tell the region, waiting for room rather than losing the request.
        if (context.Self is { } self) _ = Self.TellAsync(new PassivateEntity<T>(context.Key, self));
    }

    private void Passivate(string key, ActorRef actor, StopReason reason)
    {
        if (!_entities.TryGetValue(key, out var entity) || !ReferenceEquals(entity.Actor, actor) || entity.Stopping != StopReason.None) return;
        entity.Stopping = reason;
        actor.SendSystem(new StopWhenDrained());
    }

    private void PassivateIdle()
    {
        var now = Context.Clock.GetTimestamp();
        var idle = _entities.Where(e => e.Value.Stopping == StopReason.None && Context.Clock.GetElapsedTime(e.Value.LastSeen, now) >= _settings.PassivateIdleAfter)
            .Select(e => (e.Key, e.Value.Actor)).ToList();
        foreach (var (key, actor) in idle) Passivate(key, actor, StopReason.Idle);
    }

    /// <summary>
    /// At the entity limit: passivates the least recently used tenth of the running entities (at least one),
    /// so that the sort this takes is paid once per many activations.
    /// </summary>
    private void PassivateLeastRecentlyUsed()
    {
        var running = _entities.Where(e => e.Value.Stopping == StopReason.None).ToList();
        var count = Math.Max(1, _settings.MaxLiveEntities / 10);
        foreach (var (key, entity) in running.OrderBy(e => e.Value.LastSeen).Take(count)) Passivate(key, entity.Actor, StopReason.Idle);
    }

    protected override void OnTerminated(ActorRef actor)
    {
        var name = actor.Path[(actor.Path.LastIndexOf('/') + 1)..];
        var key = Uri.UnescapeDataString(name);
        if (!_entities.TryGetValue(key, out var entity) || !ReferenceEquals(entity.Actor, actor)) return;
        _entities.Remove(key);
        var buffer = entity.Buffer;
        if (buffer is not null) _buffered -= buffer.Count;
        switch (entity.Stopping)
        {
            case StopReason.Passivate or StopReason.Idle:
                _passivations++;
                if (entity.Stopping == StopReason.Passivate && _settings.RememberEntities && buffer is not { Count: > 0 })
                    Remember(store => store.RemoveAsync(key));
                break;
            case StopReason.HandOff:
                _handOffs++;
                if (_settings.RememberEntities)
                {
                    Remember(store => store.RemoveAsync(key));
                    if (buffer is not { Count: > 0 }) Deliver(new ShardEnvelope<T>(key, default, 0, StartOnly: true));
                }
                break;
        }
        // Messages that arrived while it stopped: to a fresh entity here, or to the key's new owner.
        if (buffer is not null)
        {
            while (buffer.TryDequeue(out var message)) Deliver(new ShardEnvelope<T>(key, message, 0));
        }
    }

    // ---- Membership and hand-off -------------------------------------------------------------------------

    private void ChangeMembers(IReadOnlyList<string> members)
    {
        _members = members;
        _ownerCache.Clear();
        foreach (var (key, entity) in _entities.ToList())
        {
            if (entity.Stopping != StopReason.None) continue;
            if (OwnerOf(key) != options.NodeId) Passivate(key, entity.Actor, StopReason.HandOff);
        }
    }

    // ---- Remember-entities -------------------------------------------------------------------------------

    private void LoadRemembered()
    {
        _rememberLoaded = false;
        Context.HoldUserMessages(true);
        var context = Context;
        options.RememberStore!.LoadAsync().ContinueWith(t => context.RunLater(() =>
        {
            if (!t.IsCompletedSuccessfully) throw new InvalidOperationException($"loading remembered entities of {options.TypeName} failed", t.Exception);
            _rememberLoaded = true;
            Context.HoldUserMessages(false);
            foreach (var key in t.Result)
            {
                if (_entities.ContainsKey(key)) continue;
                var owner = OwnerOf(key);
                if (owner == options.NodeId) Activate(key);
                else
                {
                    // Owned elsewhere now: forget it here and have its owner start (and remember) it.
                    Remember(store => store.RemoveAsync(key));
                    if (owner is not null) Forward(owner, new ShardEnvelope<T>(key, default, 0, StartOnly: true));
                }
            }
        }), TaskScheduler.Default);
    }

    /// <summary>Chains remember-entities writes in order; too many in flight holds the region's mailbox until they catch up.</summary>
    private void Remember(Func<IRememberEntitiesStore, Task> write)
    {
        var store = options.RememberStore!;
        var context = Context;
        _pendingRememberWrites++;
        if (_pendingRememberWrites >= _settings.MaxPendingRememberWrites) context.HoldUserMessages(true);
        _rememberTail = _rememberTail.ContinueWith(_ => write(store), TaskScheduler.Default).Unwrap();
        _rememberTail.ContinueWith(t => context.RunLater(() =>
        {
            _pendingRememberWrites--;
            if (_pendingRememberWrites < _settings.MaxPendingRememberWrites) context.HoldUserMessages(false);
            if (!t.IsCompletedSuccessfully) context.Log(ActorLogLevel.Error, "remember-entities write failed", t.Exception);
        }), TaskScheduler.Default);
    }
}
