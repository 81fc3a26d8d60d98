using Akka.Actor;
using Akka.Event;

namespace Fountain.Actors.Artworks;

/// <summary>
/// The node's artwork actors when it runs alone (a node in a cluster runs the sharded region instead, Cluster.ArtworkSharding,
/// which routes the same <see cref="CheckArtwork"/> messages and hands off by rebalancing, not <see cref="HandOffArtworks"/>). It creates an
/// <see cref="ArtworkActor"/> per artwork on the first <see cref="CheckArtwork"/> for it, passivates an actor that asks
/// for it (idle for its idle window, never during a check: an actor that got a request before the stop refuses it) and
/// holds the messages that arrive for that artwork while it stops, then starts it afresh (it recovers from its journal)
/// and delivers them. On a new epoch the node hands off the
/// artworks whose custodian primary is another node now (<see cref="HandOffArtworks"/>). Messages held for one
/// passivating artwork are bounded: beyond <c>maxHeldPerArtwork</c> the sender is told the region is busy.
/// </summary>
public sealed class ArtworkRegion : ReceiveActor
{
    private readonly Func<string, Props> _propsOf;
    private readonly int _maxHeldPerArtwork;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, IActorRef> _actors = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, string> _ids = [];
    private readonly Dictionary<string, List<(object Message, IActorRef Sender)>> _held = new(StringComparer.Ordinal);
    private long _started, _passivated;

    public ArtworkRegion(Func<string, Props> propsOf, int maxHeldPerArtwork)
    {
        _propsOf = propsOf;
        _maxHeldPerArtwork = maxHeldPerArtwork;
        Receive<CheckArtwork>(m => Deliver(m.ArtworkId, m, Sender));
        Receive<Passivate>(_ =>
        {
            if (!_ids.TryGetValue(Sender, out var id) || _held.ContainsKey(id)) return;
            _held[id] = [];
            Sender.Tell(StopArtwork.Passivation);
        });
        Receive<PassivationRefused>(_ =>
        {
            // A request reached the actor before the stop did, and it runs a check now: it stays, and gets what was held.
            if (!_ids.TryGetValue(Sender, out var id) || !_held.Remove(id, out var held)) return;
            foreach (var (message, sender) in held) Sender.Tell(message, sender);
        });
        Receive<HandOffArtworks>(m =>
        {
            foreach (var (id, actor) in _actors.Where(p => !_held.ContainsKey(p.Key) && !m.Owns(p.Key)).ToList())
            {
                _held[id] = [];
                actor.Tell(StopArtwork.ForHandOff);
            }
        });
        Receive<Terminated>(t =>
        {
            if (!_ids.Remove(t.ActorRef, out var id)) return;
            _actors.Remove(id);
            _passivated++;
            if (!_held.Remove(id, out var held) || held.Count == 0) return;
            // Messages came while it stopped: start it again and hand them over, in their order.
            foreach (var (message, sender) in held) Deliver(id, message, sender);
        });
        Receive<GetArtworkRegionState>(_ => Sender.Tell(new ArtworkRegionState(_actors.Count, _held.Count, _started, _passivated)));
    }

    /// <param name="propsOf">The props of an artwork's actor, by artwork id.</param>
    public static Props Props(Func<string, Props> propsOf, int maxHeldPerArtwork = 1000) =>
        Akka.Actor.Props.Create(() => new ArtworkRegion(propsOf, maxHeldPerArtwork));

    private void Deliver(string artworkId, object message, IActorRef sender)
    {
        if (_held.TryGetValue(artworkId, out var held))
        {
            if (held.Count < _maxHeldPerArtwork) held.Add((message, sender));
            else sender.Tell(new Status.Failure(new InvalidOperationException($"artwork {artworkId} is being passivated and already has {held.Count} messages waiting")));
            return;
        }
        if (!_actors.TryGetValue(artworkId, out var actor))
        {
            actor = Context.ActorOf(_propsOf(artworkId), "artwork-" + Uri.EscapeDataString(artworkId));
            Context.Watch(actor);
            _actors[artworkId] = actor;
            _ids[actor] = artworkId;
            _started++;
            _log.Debug("started the actor of artwork {0}", artworkId);
        }
        actor.Tell(message, sender);
    }
}
