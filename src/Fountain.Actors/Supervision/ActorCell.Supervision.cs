namespace Fountain.Actors;

/// <summary>The supervisor side of a cell: deciding what happens to a failed child.</summary>
internal abstract partial class ActorCell
{
    private Dictionary<ActorCell, Queue<DateTimeOffset>>? _restartHistory;
    private Dictionary<ActorCell, ITimer>? _restartTimers;

    private void HandleChildFailure(ActorCell child, Exception cause)
    {
        if (!IsMyChild(child) || child.IsStopped) return;
        Directive directive;
        try
        {
            directive = ChildStrategy.Decider(cause);
        }
        catch (Exception e)
        {
            System.WriteLog(ActorLogLevel.Error, Path, $"the supervisor's decider failed for {child.Path}; stopping the child", e);
            directive = Directive.Stop;
        }
        // The root has nobody to escalate to; it stops the child instead.
        if (directive == Directive.Escalate && Parent is null) directive = Directive.Stop;
        // An actor that failed to start has no instance to resume; it can only start again.
        if (directive == Directive.Resume && cause is ActorInitializationException) directive = Directive.Restart;

        switch (directive)
        {
            case Directive.Resume:
                System.WriteLog(ActorLogLevel.Warning, child.Path, "resumed after a failure", null);
                child.SendSystem(new ResumeActor());
                break;
            case Directive.Stop:
                System.WriteLog(ActorLogLevel.Warning, child.Path, "stopped after a failure", null);
                child.SendSystem(new StopActor());
                break;
            case Directive.Escalate:
                Fail(cause);
                break;
            case Directive.Restart:
                ScheduleRestart(child, cause);
                break;
        }
    }

    private void ScheduleRestart(ActorCell child, Exception cause)
    {
        var now = System.Clock.GetUtcNow();
        var history = (_restartHistory ??= [])
            .TryGetValue(child, out var h) ? h : _restartHistory[child] = new Queue<DateTimeOffset>();
        while (history.Count > 0 && now - history.Peek() >= ChildStrategy.RestartWindow) history.Dequeue();
        if (history.Count >= ChildStrategy.MaxRestarts)
        {
            System.WriteLog(ActorLogLevel.Error, child.Path,
                $"stopped: {history.Count} restarts within {ChildStrategy.RestartWindow} reached the limit of {ChildStrategy.MaxRestarts}", cause);
            child.SendSystem(new StopActor());
            return;
        }
        var delay = ChildStrategy.BackoffFor(history.Count, System.NextJitter());
        history.Enqueue(now);
        if (delay <= TimeSpan.Zero)
        {
            child.SendSystem(new RestartActor(cause));
            return;
        }
        System.WriteLog(ActorLogLevel.Info, child.Path, $"restart in {delay.TotalMilliseconds:0} ms (back-off)", null);
        // The timer tells the parent, which restarts the child only if it is still its child and suspended.
        var timer = System.CreateTimer(() => SendSystem(new RestartChildDue(child, cause)), delay);
        if ((_restartTimers ??= []).Remove(child, out var previous)) previous.Dispose();
        _restartTimers[child] = timer;
    }

    private void HandleRestartDue(ActorCell child, Exception cause)
    {
        if (_restartTimers is not null && _restartTimers.Remove(child, out var timer)) timer.Dispose();
        if (IsMyChild(child)) child.SendSystem(new RestartActor(cause));
    }

    private void ForgetRestarts(ActorCell child)
    {
        _restartHistory?.Remove(child);
        if (_restartTimers is not null && _restartTimers.Remove(child, out var timer)) timer.Dispose();
    }

    private void DisposeRestartTimers()
    {
        if (_restartTimers is null) return;
        foreach (var timer in _restartTimers.Values) timer.Dispose();
        _restartTimers = null;
    }
}
