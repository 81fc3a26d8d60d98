namespace Fountain.Actors;

/// <summary>The lifecycle of one actor cell.</summary>
internal enum CellState
{
    /// <summary>Spawned; CreateActor not yet processed.</summary>
    Created,
    Running,
    /// <summary>Failed; user messages wait until the supervisor resumes, restarts or stops it.</summary>
    Suspended,
    /// <summary>Restarting: waiting for the children of the failed instance to stop.</summary>
    Restarting,
    /// <summary>Stopping: waiting for its children to stop.</summary>
    Stopping,
    Stopped,
}

/// <summary>
/// The runtime of one actor, independent of its message type: the system lane, scheduling on its
/// dispatcher, the tree of children, supervision, death watch and the orderly stop. It is the work item a
/// dispatcher runs: one turn drains the system lane, then processes up to ThroughputPerTurn user messages.
/// A cell is scheduled at most once at a time (<see cref="_status"/>), so its actor never runs concurrently.
/// </summary>
internal abstract partial class ActorCell : IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;

    private int _status;
    private SystemMessage? _systemHead;
    private int _systemCount;

    private readonly object _childrenLock = new();
    private Dictionary<string, ActorCell>? _children;
    private int _autoNameCounter;
    // Usually one watcher (the parent region, a supervisor): a small list costs far less than a set.
    private List<ActorRef>? _watchers;
    private HashSet<ActorRef>? _watching;
    private Exception? _restartCause;

    protected ActorCell(ActorSystem system, ActorCell? parent, string name, string dispatcher, SupervisorStrategy? childStrategy)
    {
        System = system;
        Parent = parent;
        Name = name;
        Path = parent is null ? "/" + name : parent.Path + "/" + name;
        Dispatcher = system.Dispatchers.Get(dispatcher);
        ChildStrategy = childStrategy ?? system.Settings.DefaultSupervisorStrategy;
    }

    public ActorSystem System { get; }
    public ActorCell? Parent { get; }
    public string Name { get; }
    public string Path { get; }
    public IDispatcher Dispatcher { get; }
    public SupervisorStrategy ChildStrategy { get; }

    /// <summary>Written only by the cell's own turn; read by senders to route to dead letters early.</summary>
    public volatile CellState State;

    /// <summary>Counts instances; work queued for an earlier instance (timers, journal replies) is ignored.</summary>
    public int Incarnation { get; private set; }

    public abstract ActorRef SelfRef { get; }

    public bool IsStopped => State == CellState.Stopped;

    // ---- Scheduling -------------------------------------------------------------------------------------

    public void SendSystem(SystemMessage message)
    {
        // Lifecycle messages (create, stop, watch, child failed or stopped, ...) are bounded by the actor tree
        // itself: at most a few per child and per watcher, and losing one would wedge a stop. Only work that
        // code can queue at will (RunInActor: timers, journal replies, continuations) counts against the cap.
        if (message is RunInActor && Interlocked.Increment(ref _systemCount) > System.Settings.SystemLaneCapacityMessages)
        {
            Interlocked.Decrement(ref _systemCount);
            System.WriteLog(ActorLogLevel.Error, Path, $"system lane full ({System.Settings.SystemLaneCapacityMessages} queued continuations): dropped one", null);
            System.DeadLetters.Publish(message, Path, DeadLetterReason.MailboxFull);
            return;
        }
        SystemMessage? head;
        do
        {
            head = Volatile.Read(ref _systemHead);
            message.Next = head;
        } while (Interlocked.CompareExchange(ref _systemHead, message, head) != head);
        ScheduleIfIdle();
    }

    public void ScheduleIfIdle()
    {
        if (Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle) Dispatcher.Schedule(this);
    }

    protected bool HasSystemMessages => Volatile.Read(ref _systemHead) is not null;

    /// <summary>One turn. Never throws: a failure inside is the actor's failure, handled by supervision.</summary>
    public void Execute()
    {
        try
        {
            ProcessSystemMessages();
            var state = State;
            if (state == CellState.Running) ProcessUserMessages();
            else if (state == CellState.Stopped) DrainToDeadLetters();
        }
        catch (Exception e)
        {
            // Only a bug in the kernel gets here; say so with the path rather than lose the thread.
            System.WriteLog(ActorLogLevel.Error, Path, "internal error in the actor's turn", e);
        }
        finally
        {
            Interlocked.Exchange(ref _status, Idle);
            if (HasSystemMessages || HasPendingUserWork) ScheduleIfIdle();
        }
    }

    private void ProcessSystemMessages()
    {
        var list = Interlocked.Exchange(ref _systemHead, null);
        if (list is null) return;
        // The lane is a stack; reverse it to process in arrival order.
        SystemMessage? ordered = null;
        while (list is not null)
        {
            var next = list.Next;
            list.Next = ordered;
            ordered = list;
            list = next;
        }
        while (ordered is not null)
        {
            var next = ordered.Next;
            ordered.Next = null;
            if (ordered is RunInActor) Interlocked.Decrement(ref _systemCount);
            HandleSystem(ordered);
            ordered = next;
        }
    }

    private void HandleSystem(SystemMessage message)
    {
        switch (message)
        {
            case CreateActor: Create(); break;
            case StopActor: BeginStop(); break;
            case StopWhenDrained: RequestStopWhenDrained(); break;
            case ResumeActor when State == CellState.Suspended: State = CellState.Running; break;
            case RestartActor r when State == CellState.Suspended: BeginRestart(r.Cause); break;
            case ChildFailed f: HandleChildFailure(f.Child, f.Cause); break;
            case ChildTerminated t: HandleChildTerminated(t.Child); break;
            case RestartChildDue d: HandleRestartDue(d.Child, d.Cause); break;
            case WatchActor w: AddWatcher(w.Watcher); break;
            case UnwatchActor u: _watchers?.Remove(u.Watcher); break;
            case WatchedTerminated t: HandleWatchedTerminated(t.Actor); break;
            case RunInActor r when r.Incarnation == Incarnation && State == CellState.Running: Invoke(r.Action); break;
            case RunInActor: break; // for an earlier incarnation, or while not running: obsolete
            default: break; // resume/restart for a cell that is no longer suspended (e.g. stopped meanwhile)
        }
    }

    // ---- Typed part -------------------------------------------------------------------------------------

    protected abstract bool HasPendingUserWork { get; }
    protected abstract void ProcessUserMessages();
    protected abstract void DrainToDeadLetters();
    protected abstract void CreateInstance();
    protected abstract void InvokePreStart();
    protected abstract void InvokePostStop();
    protected abstract void InvokePreRestart(Exception cause);
    protected abstract void InvokePostRestart(Exception cause);
    protected abstract void InvokeTerminated(ActorRef actor);
    protected abstract void CancelTimers();
    protected abstract void UnstashAll();
    protected abstract void RequestStopWhenDrained();

    /// <summary>Runs actor code; an exception fails the actor.</summary>
    protected void Invoke(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    // ---- Lifecycle ---------------------------------------------------------------------------------------

    private void Create()
    {
        if (State != CellState.Created) return;
        Incarnation = 1;
        try
        {
            CreateInstance();
            State = CellState.Running;
            InvokePreStart();
        }
        catch (Exception e)
        {
            Fail(new ActorInitializationException(Path, e));
        }
    }

    /// <summary>Suspends the actor and tells its supervisor; the failure is logged with the actor's path.</summary>
    protected void Fail(Exception cause)
    {
        if (State is CellState.Stopping or CellState.Stopped) return;
        State = CellState.Suspended;
        System.WriteLog(ActorLogLevel.Error, Path, $"failed: {cause.GetType().Name}: {cause.Message}", cause);
        if (Parent is null) BeginStop();
        else Parent.SendSystem(new ChildFailed(this, cause));
    }

    protected void BeginStop()
    {
        if (State is CellState.Stopping or CellState.Stopped) return;
        var wasCreated = State == CellState.Created;
        State = CellState.Stopping;
        CancelTimers();
        var children = ChildrenSnapshot();
        if (children.Length == 0) FinishStop(runPostStop: !wasCreated);
        else foreach (var child in children) child.SendSystem(new StopActor());
    }

    private void FinishStop(bool runPostStop = true)
    {
        if (runPostStop)
        {
            try { InvokePostStop(); }
            catch (Exception e) { System.WriteLog(ActorLogLevel.Error, Path, "PostStop failed", e); }
        }
        State = CellState.Stopped;
        DrainToDeadLetters();
        DisposeRestartTimers();
        Dispatcher.Unregister(this);
        // The parent hears first, so that when it also watches this child, the name is free again by the
        // time its OnTerminated runs (a shard region re-creates an entity under the same name there).
        if (Parent is not null) Parent.SendSystem(new ChildTerminated(this));
        if (_watchers is not null)
        {
            foreach (var watcher in _watchers) watcher.SendSystem(new WatchedTerminated(SelfRef));
            _watchers = null;
        }
        if (_watching is not null)
        {
            foreach (var watched in _watching) watched.SendSystem(new UnwatchActor(SelfRef));
            _watching = null;
        }
        if (Parent is null) System.OnRootStopped();
    }

    private void BeginRestart(Exception cause)
    {
        State = CellState.Restarting;
        _restartCause = cause;
        CancelTimers();
        try { InvokePreRestart(cause); }
        catch (Exception e) { System.WriteLog(ActorLogLevel.Error, Path, "PreRestart failed", e); }
        var children = ChildrenSnapshot();
        if (children.Length == 0) CompleteRestart();
        else foreach (var child in children) child.SendSystem(new StopActor());
    }

    private void CompleteRestart()
    {
        var cause = _restartCause!;
        _restartCause = null;
        Incarnation++;
        System.WriteLog(ActorLogLevel.Info, Path, $"restarting (incarnation {Incarnation})", null);
        try
        {
            CreateInstance();
            State = CellState.Running;
            UnstashAll();
            InvokePostRestart(cause);
        }
        catch (Exception e)
        {
            Fail(new ActorInitializationException(Path, e));
        }
    }

    // ---- Children ----------------------------------------------------------------------------------------

    public ActorCell[] ChildrenSnapshot()
    {
        lock (_childrenLock) return _children is null ? [] : [.. _children.Values];
    }

    public int ChildCount
    {
        get { lock (_childrenLock) return _children?.Count ?? 0; }
    }

    public ActorRef<TChild> SpawnChild<TChild>(Props<TChild> props, string? name)
    {
        ArgumentNullException.ThrowIfNull(props);
        ActorCell<TChild> child;
        lock (_childrenLock)
        {
            if (State is CellState.Stopping or CellState.Stopped)
                throw new InvalidOperationException($"{Path} is stopping and cannot create children");
            name ??= "$" + (++_autoNameCounter).ToString(global::System.Globalization.CultureInfo.InvariantCulture);
            if (name.Length == 0 || name.Contains('/'))
                throw new InvalidActorNameException($"invalid actor name '{name}' under {Path}: it must be non-empty and contain no '/'");
            _children ??= new Dictionary<string, ActorCell>(StringComparer.Ordinal);
            if (_children.ContainsKey(name))
                throw new InvalidActorNameException($"an actor named '{name}' already exists under {Path}");
            child = new ActorCell<TChild>(System, this, name, props);
            child.Dispatcher.Register(child);
            _children.Add(name, child);
        }
        child.SendSystem(new CreateActor());
        return child.Self;
    }

    public ActorRef? FindChild(string name)
    {
        lock (_childrenLock) return _children is not null && _children.TryGetValue(name, out var c) ? c.SelfRef : null;
    }

    private void HandleChildTerminated(ActorCell child)
    {
        lock (_childrenLock)
        {
            if (_children is not null && _children.TryGetValue(child.Name, out var current) && ReferenceEquals(current, child))
                _children.Remove(child.Name);
        }
        ForgetRestarts(child);
        var remaining = ChildCount;
        if (remaining > 0) return;
        if (State == CellState.Stopping) FinishStop();
        else if (State == CellState.Restarting) CompleteRestart();
    }

    private bool IsMyChild(ActorCell child)
    {
        lock (_childrenLock) return _children is not null && _children.TryGetValue(child.Name, out var c) && ReferenceEquals(c, child);
    }

    // ---- Death watch -------------------------------------------------------------------------------------

    public void Watch(ActorRef other)
    {
        if (ReferenceEquals(other, SelfRef)) return;
        if ((_watching ??= []).Add(other)) other.SendSystem(new WatchActor(SelfRef));
    }

    public void Unwatch(ActorRef other)
    {
        if (_watching is not null && _watching.Remove(other)) other.SendSystem(new UnwatchActor(SelfRef));
    }

    private void AddWatcher(ActorRef watcher)
    {
        if (State == CellState.Stopped) watcher.SendSystem(new WatchedTerminated(SelfRef));
        else if (_watchers is null) _watchers = new List<ActorRef>(1) { watcher };
        else if (!_watchers.Contains(watcher)) _watchers.Add(watcher);
    }

    private void HandleWatchedTerminated(ActorRef actor)
    {
        if (_watching is null || !_watching.Remove(actor)) return;
        if (State is CellState.Running) Invoke(() => InvokeTerminated(actor));
    }
}
