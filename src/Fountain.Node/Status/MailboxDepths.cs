using Akka.Actor;

namespace Fountain.Node.Status;

/// <summary>Messages waiting in the mailboxes of one kind of actor (by actor class) and how many such actors run.</summary>
internal sealed record MailboxDepth(string Actor, int Actors, long Messages);

/// <summary>
/// Akka has no mailbox metric of its own; what it does expose cheaply is each local actor's cell and its mailbox's
/// message count (<c>ICell.NumberOfMessages</c>, a read of a counter). This walks the user actors of one actor system
/// (the block holder, the artwork region and its artwork actors, codec workers and decoders, challengers) to a bounded
/// depth and number of actors, at scrape time, and sums the counts per actor class. It is a sample at one instant, not
/// a peak: a burst that came and went between two scrapes is not seen. Remote or unstarted actors are skipped.
/// </summary>
internal static class MailboxDepths
{
    public const int MaxDepth = 3;
    public const int MaxActors = 10_000;

    public static IReadOnlyList<MailboxDepth> Of(ActorSystem system)
    {
        var totals = new Dictionary<string, (int Actors, long Messages)>(StringComparer.Ordinal);
        int visited = 0;
        void Walk(IActorRef actor, int depth)
        {
            if (visited >= MaxActors || actor is not ActorRefWithCell withCell) return;
            var cell = withCell.Underlying;
            if (depth > 0)
            {
                visited++;
                string kind = cell.Props?.Type?.Name ?? "unknown";
                var (actors, messages) = totals.GetValueOrDefault(kind);
                totals[kind] = (actors + 1, messages + cell.NumberOfMessages);
            }
            if (depth == MaxDepth) return;
            foreach (var child in withCell.Children) Walk(child, depth + 1);
        }
        if (system is ExtendedActorSystem extended) Walk(extended.Guardian, 0);
        return totals.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new MailboxDepth(t.Key, t.Value.Actors, t.Value.Messages)).ToList();
    }
}
