using Akka.Actor;
using Akka.Persistence;
using Fountain.Actors.Artworks;

namespace Fountain.Testing;

/// <summary>
/// Persists <c>events</c> artwork events one at a time, each after the previous one is written (the artwork actor's
/// pattern), then completes <c>done</c>: the workload of the journal measurements and benchmarks.
/// </summary>
public sealed class JournalPersister : ReceivePersistentActor
{
    private int _left;

    public JournalPersister(string id, int events, TaskCompletionSource done)
    {
        PersistenceId = id;
        _left = events;
        Recover<ArtworkEvent>(_ => { });
        Recover<RecoveryCompleted>(_ => Self.Tell("next"));
        Command<string>(_ => Persist(new ArtworkEvent(ArtworkEvent.Measured, _left, 12.0, 100, 0, 0, null), _ =>
        {
            if (--_left == 0) done.TrySetResult();
            else Self.Tell("next");
        }));
    }

    public override string PersistenceId { get; }
}
