namespace Fountain.Actors.Persistence;

/// <summary>
/// An event-sourced actor. Its state changes only in <see cref="ApplyEvent"/>, which runs for each event
/// after the journal has confirmed it (persist, then apply) and again for each event during recovery.
/// Recovery loads the latest snapshot, replays the later events in batches, then calls
/// <see cref="OnRecoveryCompleted"/>. While recovery or a write is in flight, commands wait in the bounded
/// mailbox (senders feel back-pressure) rather than in an unbounded buffer. A failed or timed-out write
/// fails the actor with <see cref="JournalWriteException"/>: its supervisor restarts it after a back-off,
/// which recovers from the journal again.
/// </summary>
public abstract class PersistentActor<TCommand, TEvent> : Actor<TCommand>
{
    private readonly PersistenceSettings<TEvent> _settings;
    private List<(TEvent Event, Action<TEvent>? Then)>? _pending;
    private long _lastSnapshotSequenceNr;
    private bool _recovering = true;
    private bool _persisting;

    protected PersistentActor(PersistenceSettings<TEvent> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
    }

    /// <summary>The journal key of this actor; stable across restarts and nodes.</summary>
    protected abstract string PersistenceId { get; }

    /// <summary>The sequence number of the last event applied.</summary>
    protected long LastSequenceNr { get; private set; }

    protected bool IsRecovering => _recovering;

    /// <summary>Decides what to do with a command; calls <see cref="Persist"/> for the events it causes.</summary>
    protected abstract void OnCommand(TCommand command);

    /// <summary>The state transition for one event: pure, no side effects, no clock.</summary>
    protected abstract void ApplyEvent(TEvent @event);

    protected virtual void OnRecoveryCompleted() { }

    /// <summary>The state as bytes for a snapshot, or null if this actor takes none.</summary>
    protected virtual byte[]? CreateSnapshot() => null;

    protected virtual void ApplySnapshot(byte[] snapshot) { }

    /// <summary>
    /// Stores an event. When the journal confirms, the event is applied and then <paramref name="then"/> runs
    /// (e.g. to reply). Events persisted by one command are written in one atomic append. Call it from
    /// <see cref="OnCommand"/>, from a <c>then</c> callback or from <see cref="OnRecoveryCompleted"/>.
    /// </summary>
    protected void Persist(TEvent @event, Action<TEvent>? then = null)
    {
        if (_recovering) throw new InvalidOperationException("cannot persist during recovery");
        (_pending ??= []).Add((@event, then));
    }

    protected sealed override void Receive(TCommand message)
    {
        OnCommand(message);
        if (_pending is { Count: > 0 }) Write();
    }

    protected sealed override void PreStart() => Recover();

    private void Recover()
    {
        _recovering = true;
        Context.HoldUserMessages(true);
        var id = PersistenceId;
        if (_settings.Snapshots is { } snapshots)
            Continue(snapshots.LoadLatestSnapshotAsync(id), snapshot =>
            {
                if (snapshot is not null)
                {
                    ApplySnapshot(snapshot.Payload);
                    LastSequenceNr = _lastSnapshotSequenceNr = snapshot.SequenceNr;
                }
                ReplayFrom(LastSequenceNr + 1);
            }, e => new RecoveryFailedException(id, e));
        else ReplayFrom(1);
    }

    private void ReplayFrom(long from)
    {
        var id = PersistenceId;
        Continue(_settings.Journal.ReadAsync(id, from, long.MaxValue, _settings.ReplayBatchEvents), events =>
        {
            foreach (var stored in events)
            {
                ApplyEvent(_settings.Serializer.Deserialize(stored.Manifest, stored.Payload));
                LastSequenceNr = stored.SequenceNr;
            }
            if (events.Count == _settings.ReplayBatchEvents) ReplayFrom(LastSequenceNr + 1);
            else Continue(_settings.Journal.ReadHighestSequenceNrAsync(id), highest =>
            {
                // Deleted events still count: the next write must continue after the highest ever written.
                LastSequenceNr = Math.Max(LastSequenceNr, highest);
                _recovering = false;
                Context.HoldUserMessages(false);
                OnRecoveryCompleted();
                if (_pending is { Count: > 0 }) Write();
            }, e => new RecoveryFailedException(id, e));
        }, e => new RecoveryFailedException(id, e));
    }

    private void Write()
    {
        var batch = _pending!;
        _pending = null;
        var id = PersistenceId;
        var first = LastSequenceNr + 1;
        var events = new PersistentEvent[batch.Count];
        for (var i = 0; i < batch.Count; i++)
            events[i] = new PersistentEvent(id, first + i, _settings.Serializer.Manifest(batch[i].Event), _settings.Serializer.Serialize(batch[i].Event));
        _persisting = true;
        Context.HoldUserMessages(true);
        Continue(_settings.Journal.AppendAsync(id, events).ContinueWith(t => { t.GetAwaiter().GetResult(); return 0; }, TaskScheduler.Default), _ =>
        {
            foreach (var (e, then) in batch)
            {
                ApplyEvent(e);
                LastSequenceNr++;
                then?.Invoke(e);
            }
            _persisting = false;
            Context.HoldUserMessages(false);
            MaybeSnapshot();
            if (_pending is { Count: > 0 }) Write();
        }, e => new JournalWriteException(id, first, e));
    }

    private void MaybeSnapshot()
    {
        if (_settings.Snapshots is not { } snapshots || _settings.SnapshotEveryEvents == 0) return;
        if (LastSequenceNr - _lastSnapshotSequenceNr < _settings.SnapshotEveryEvents) return;
        var payload = CreateSnapshot();
        if (payload is null) return;
        _lastSnapshotSequenceNr = LastSequenceNr;
        var record = new SnapshotRecord(PersistenceId, LastSequenceNr, payload);
        var context = Context;
        // A lost snapshot only makes the next recovery longer; it is logged, not fatal.
        snapshots.SaveSnapshotAsync(record).ContinueWith(t =>
        {
            if (t.IsFaulted) context.Log(ActorLogLevel.Warning, $"snapshot at {record.SequenceNr} failed", t.Exception);
        }, TaskScheduler.Default);
    }

    /// <summary>Runs <paramref name="onSuccess"/> on this actor's turn when the task completes; a failure or timeout fails the actor.</summary>
    private void Continue<TResult>(Task<TResult> task, Action<TResult> onSuccess, Func<Exception, Exception> describeFailure)
    {
        var context = Context;
        task.WaitAsync(_settings.JournalTimeout, context.Clock).ContinueWith(t =>
        {
            context.RunLater(() =>
            {
                if (t.IsCompletedSuccessfully) onSuccess(t.Result);
                else throw describeFailure(t.Exception?.GetBaseException() ?? new OperationCanceledException());
            });
        }, TaskScheduler.Default);
    }

    /// <summary>True while a write is in flight (commands wait).</summary>
    protected bool IsPersisting => _persisting;
}
