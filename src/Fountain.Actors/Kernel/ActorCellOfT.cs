namespace Fountain.Actors;

/// <summary>The typed part of a cell: the user mailbox, the actor instance, its stash and timers.</summary>
internal sealed class ActorCell<T> : ActorCell
{
    private readonly Props<T> _props;
    private readonly MailboxSettings _mailboxSettings;
    private Actor<T>? _actor;
    private ActorContext<T>? _context;
    private Queue<T>? _stash;
    private Queue<T>? _unstashed;
    private TimerScheduler<T>? _timers;
    private bool _stopWhenDrained;
    private bool _userLaneHeld;

    public ActorCell(ActorSystem system, ActorCell? parent, string name, Props<T> props)
        : base(system, parent, name, props.Dispatcher, props.SupervisorStrategy)
    {
        _props = props;
        _mailboxSettings = props.Mailbox ?? system.Settings.DefaultMailbox;
        Mailbox = new BoundedMailbox<T>(_mailboxSettings.CapacityMessages);
        Self = new LocalActorRef<T>(this);
    }

    public BoundedMailbox<T> Mailbox { get; }
    public LocalActorRef<T> Self { get; }
    public override ActorRef SelfRef => Self;
    public OverflowStrategy Overflow => _mailboxSettings.Overflow;
    public TimerScheduler<T> Timers => _timers ??= new TimerScheduler<T>(this);

    protected override bool HasPendingUserWork =>
        State == CellState.Running ? !_userLaneHeld && (!Mailbox.IsEmpty || _unstashed is { Count: > 0 } || _stopWhenDrained)
        : State == CellState.Stopped && !Mailbox.IsEmpty;

    protected override void ProcessUserMessages()
    {
        if (_userLaneHeld) return;
        var throughput = _mailboxSettings.ThroughputPerTurn;
        var actor = _actor!;
        for (var processed = 0; processed < throughput; processed++)
        {
            T message;
            if (_unstashed is { Count: > 0 }) message = _unstashed.Dequeue();
            else if (!Mailbox.TryDequeue(out message)) break;
            try
            {
                actor.InvokeReceive(message);
            }
            catch (Exception e)
            {
                Fail(e);
            }
            // The system lane goes first: a stop or a failure ends the turn.
            if (State != CellState.Running || HasSystemMessages || _userLaneHeld) break;
        }
        if (_stopWhenDrained && State == CellState.Running && Mailbox.IsEmpty && _unstashed is not { Count: > 0 }) BeginStop();
    }

    /// <summary>Delivers a message outside the mailbox (a timer), with the same failure handling.</summary>
    internal void ReceiveNow(T message)
    {
        if (State != CellState.Running) return;
        Invoke(() => _actor!.InvokeReceive(message));
    }

    protected override void RequestStopWhenDrained()
    {
        // Drained means nothing queued and nothing in flight: a held lane (a journal write) finishes first.
        _stopWhenDrained = true;
        if (State == CellState.Running && !_userLaneHeld && Mailbox.IsEmpty && _unstashed is not { Count: > 0 }) BeginStop();
    }

    protected override void DrainToDeadLetters()
    {
        while (Mailbox.TryDequeue(out var message)) System.DeadLetters.Publish(message, Path, DeadLetterReason.RecipientStopped);
        foreach (var queue in new[] { _unstashed, _stash })
        {
            while (queue is { Count: > 0 }) System.DeadLetters.Publish(queue.Dequeue(), Path, DeadLetterReason.RecipientStopped);
        }
        // Senders waiting for room retry, see the actor stopped, and give up.
        Mailbox.WakeWaiters();
    }

    protected override void CreateInstance()
    {
        var actor = _props.Factory() ?? throw new InvalidOperationException("the actor factory returned null");
        _context ??= new ActorContext<T>(this);
        _userLaneHeld = false;
        actor.Attach(_context);
        _actor = actor;
    }

    protected override void InvokePreStart() => _actor!.InvokePreStart();
    protected override void InvokePostStop() => _actor?.InvokePostStop();
    protected override void InvokePreRestart(Exception cause) => _actor!.InvokePreRestart(cause);
    protected override void InvokePostRestart(Exception cause) => _actor!.InvokePostRestart(cause);
    protected override void InvokeTerminated(ActorRef actor) => _actor!.InvokeTerminated(actor);
    protected override void CancelTimers() => _timers?.CancelAll();

    internal void Stash(T message)
    {
        _stash ??= new Queue<T>();
        if (_stash.Count >= _mailboxSettings.StashCapacityMessages)
            throw new StashOverflowException(Path, _mailboxSettings.StashCapacityMessages);
        _stash.Enqueue(message);
    }

    /// <summary>
    /// Holds user messages in the mailbox (the system lane still runs): a persistent actor does this while a
    /// write or its recovery is in flight, so commands wait in the bounded mailbox and senders feel back-pressure.
    /// </summary>
    internal void HoldUserMessages(bool hold)
    {
        _userLaneHeld = hold;
        if (!hold) ScheduleIfIdle();
    }

    internal int StashCount => _stash?.Count ?? 0;

    /// <summary>Puts the stashed messages before everything still in the mailbox, in their original order.</summary>
    protected override void UnstashAll()
    {
        if (_stash is not { Count: > 0 }) return;
        if (_unstashed is { Count: > 0 })
        {
            foreach (var m in _unstashed) _stash.Enqueue(m);
        }
        _unstashed = _stash;
        _stash = null;
        ScheduleIfIdle();
    }

    internal void UnstashAllFromActor() => UnstashAll();
}
