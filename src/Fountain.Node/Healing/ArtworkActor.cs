using Fountain.Actors;
using Fountain.Actors.Persistence;

namespace Fountain.Node.Healing;

/// <summary>Messages of an <see cref="ArtworkActor"/>.</summary>
internal abstract record ArtworkCommand;

/// <summary>Check the artwork now; <paramref name="Done"/> (if any) gets the report of the check that covers this request.</summary>
internal sealed record CheckArtwork(TaskCompletionSource<CheckReport?>? Done) : ArtworkCommand;

internal sealed record HealStarting(long EpochHeight, uint FirstNewIndex, int Blocks) : ArtworkCommand;

internal sealed record CheckFinished(CheckReport? Report, Exception? Error) : ArtworkCommand;

/// <summary>The actor's state as its journal rebuilds it.</summary>
internal sealed record ArtworkState(double LastRedundancy, long LastEpochHeight, ArtworkEvent? HealInFlight, int HealsCommitted);

/// <summary>
/// One per artwork, sharded onto the artwork's custodian primary of the epoch (<see cref="CustodyPlacement"/>;
/// DESIGN.md, "Actors"). It runs one check at a time (<see cref="HealCheck"/>), so one node never heals an artwork
/// twice at once; requests arriving during a check wait for that check's report. Measurements and heals are
/// journaled (persist, then apply). After a restart or a hand-off the state comes back from the journal this node
/// has; a heal found in flight is settled against the ticket (its first index is on the ticket: it landed), and the
/// next check measures afresh, so the ticket remains the shared truth.
/// </summary>
internal sealed class ArtworkActor(string artworkId, HealCheck check, TimeSpan checkTimeout, PersistenceSettings<ArtworkEvent> persistence, Action<CheckReport>? observer)
    : PersistentActor<ArtworkCommand, ArtworkEvent>(persistence)
{
    private ArtworkState _state = new(0, -1, null, 0);
    private List<TaskCompletionSource<CheckReport?>>? _waiting;
    private CancellationTokenSource? _running;

    protected override string PersistenceId => "artwork-" + artworkId;

    internal ArtworkState State => _state;

    protected override void OnCommand(ArtworkCommand command)
    {
        switch (command)
        {
            case CheckArtwork c:
                if (_waiting is not null) { if (c.Done is not null) _waiting.Add(c.Done); return; }
                _waiting = c.Done is null ? [] : [c.Done];
                _running = new CancellationTokenSource(checkTimeout, Context.Clock);
                var self = Self;
                var token = _running.Token;
                Context.PipeToSelf(check.RunAsync(artworkId, (epoch, first, blocks) => self.Tell(new HealStarting(epoch, first, blocks)), token),
                    report => new CheckFinished(report, null), e => new CheckFinished(null, e));
                break;
            case HealStarting h:
                Persist(new ArtworkEvent(ArtworkEvent.HealStarted, h.EpochHeight, _state.LastRedundancy, 0, h.FirstNewIndex, h.Blocks, null));
                break;
            case CheckFinished f:
                _running?.Dispose();
                _running = null;
                var waiting = _waiting ?? [];
                _waiting = null;
                if (f.Report is { } report)
                {
                    Persist(new ArtworkEvent(ArtworkEvent.Measured, report.EpochHeight, report.Before.Redundancy, report.Before.BlocksAvailable, 0, 0, null));
                    if (_state.HealInFlight is { } inFlight)
                        Persist(report.BlocksAdded > 0 || report.HighestIndexBefore >= inFlight.FirstNewIndex
                            ? new ArtworkEvent(ArtworkEvent.HealCommitted, report.EpochHeight, (report.After ?? report.Before).Redundancy, (report.After ?? report.Before).BlocksAvailable, inFlight.FirstNewIndex, report.BlocksAdded,
                                report.BlocksAdded > 0 ? null : "landed before this node restarted")
                            : new ArtworkEvent(ArtworkEvent.HealFailed, report.EpochHeight, report.Before.Redundancy, report.Before.BlocksAvailable, inFlight.FirstNewIndex, 0, report.Failure));
                    observer?.Invoke(report);
                }
                else Context.Log(ActorLogLevel.Warning, $"check of artwork {artworkId} failed: {f.Error?.Message}", f.Error);
                foreach (var w in waiting)
                {
                    if (f.Report is not null) w.TrySetResult(f.Report);
                    else w.TrySetException(f.Error ?? new InvalidOperationException("the check failed"));
                }
                break;
        }
    }

    protected override void ApplyEvent(ArtworkEvent e)
    {
        _state = e.Kind switch
        {
            ArtworkEvent.Measured => _state with { LastRedundancy = e.Redundancy, LastEpochHeight = e.EpochHeight },
            ArtworkEvent.HealStarted => _state with { HealInFlight = e },
            ArtworkEvent.HealCommitted => _state with { HealInFlight = null, HealsCommitted = _state.HealsCommitted + 1, LastRedundancy = e.Redundancy },
            ArtworkEvent.HealFailed => _state with { HealInFlight = null },
            _ => _state,
        };
    }

    protected override void OnRecoveryCompleted()
    {
        // A heal this node had started before it stopped: the next check reads the ticket and measures afresh. If the
        // amendment landed, its blocks count; if not, the same indices are made again (the same blocks: encoding is
        // deterministic), so nothing is lost and nothing is added twice.
        if (_state.HealInFlight is { } inFlight)
            Context.Log(ActorLogLevel.Info, $"artwork {artworkId}: a heal from index {inFlight.FirstNewIndex} was in flight before a restart; the next check settles it");
    }

    protected override void PostStop()
    {
        _running?.Cancel();
        _running?.Dispose();
        foreach (var w in _waiting ?? []) w.TrySetCanceled();
    }
}
