using Fountain.Actors;
using Fountain.Actors.Persistence;

namespace Fountain.Node.Healing;

/// <summary>Messages of an <see cref="ArtworkActor"/>.</summary>
internal abstract record ArtworkCommand;

/// <summary>Check the artwork now; <paramref name="Done"/> (if any) gets the report of the check that covers this request.</summary>
internal sealed record CheckArtwork(TaskCompletionSource<CheckReport?>? Done) : ArtworkCommand;

/// <summary>A heal of this check is about to place blocks: journal it first, so that a restart knows to settle it.</summary>
internal sealed record HealStarting(long EpochHeight, uint FirstNewIndex, int Blocks, int BasedOnAmendments) : ArtworkCommand;

/// <summary>The check found on the ticket whether the heal in flight from before (a restart, a cut-off check) landed.</summary>
internal sealed record InFlightSettled(ArtworkEvent Heal, bool Landed) : ArtworkCommand;

internal sealed record CheckFinished(CheckReport? Report, Exception? Error) : ArtworkCommand;

/// <summary>The actor's state as its journal rebuilds it.</summary>
internal sealed record ArtworkState(double LastRedundancy, long LastEpochHeight, ArtworkEvent? HealInFlight, int HealsCommitted);

/// <summary>
/// One per artwork, sharded onto the artwork's custodian primary of the epoch (<see cref="CustodyPlacement"/>;
/// DESIGN.md, "Actors"). It runs one check at a time (<see cref="HealCheck"/>), so one node never heals an artwork
/// twice at once; requests arriving during a check wait for that check's report. Measurements and heals are
/// journaled (persist, then apply). After a restart or a hand-off the state comes back from the journal this node
/// has; a heal found in flight is settled by the next check against the ticket (committed if this node's amendment is
/// on it, failed otherwise: <see cref="HealCheck.Landed"/>), and that check measures afresh and heals again if it must,
/// so the ticket remains the shared truth.
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
                var inFlight = _state.HealInFlight;
                Context.PipeToSelf(check.RunAsync(artworkId, inFlight, landed => self.Tell(new InFlightSettled(inFlight!, landed)), h => self.Tell(h), token),
                    report => new CheckFinished(report, null), e => new CheckFinished(null, e));
                break;
            case InFlightSettled s:
                // Settled before this check starts a heal of its own (the check tells this first), so the journal reads
                // in order: the old heal started, then committed or failed, then the next one started.
                Persist(s.Landed
                    ? new ArtworkEvent(ArtworkEvent.HealCommitted, s.Heal.EpochHeight, _state.LastRedundancy, 0, s.Heal.FirstNewIndex, 0, "its amendment landed before this node stopped", s.Heal.BasedOnAmendments)
                    : new ArtworkEvent(ArtworkEvent.HealFailed, s.Heal.EpochHeight, _state.LastRedundancy, 0, s.Heal.FirstNewIndex, 0, "its amendment is not on the ticket; the artwork is measured afresh", s.Heal.BasedOnAmendments));
                break;
            case HealStarting h:
                Persist(new ArtworkEvent(ArtworkEvent.HealStarted, h.EpochHeight, _state.LastRedundancy, 0, h.FirstNewIndex, h.Blocks, null, h.BasedOnAmendments));
                break;
            case CheckFinished f:
                _running?.Dispose();
                _running = null;
                var waiting = _waiting ?? [];
                _waiting = null;
                if (f.Report is { } report)
                {
                    Persist(new ArtworkEvent(ArtworkEvent.Measured, report.EpochHeight, report.Before.Redundancy, report.Before.BlocksAvailable, 0, 0, null));
                    // A heal still in flight now is this check's own (an older one was settled when the check began).
                    if (_state.HealInFlight is { } started)
                        Persist(report.BlocksAdded > 0
                            ? new ArtworkEvent(ArtworkEvent.HealCommitted, report.EpochHeight, (report.After ?? report.Before).Redundancy, (report.After ?? report.Before).BlocksAvailable, started.FirstNewIndex, report.BlocksAdded, null, started.BasedOnAmendments)
                            : new ArtworkEvent(ArtworkEvent.HealFailed, report.EpochHeight, report.Before.Redundancy, report.Before.BlocksAvailable, started.FirstNewIndex, 0, report.Failure, started.BasedOnAmendments));
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
        // A heal this node had started before it stopped: the next check reads the ticket, settles it, and measures
        // afresh. If the amendment landed, its blocks count; if not, the heal is planned again from the ticket as it
        // is, and the chain's stale-ticket rule keeps any heal planned from an older ticket from landing as well.
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
