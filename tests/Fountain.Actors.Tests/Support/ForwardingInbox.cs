using Akka.Actor;

namespace Fountain.Actors.Tests.Support;

/// <summary>
/// An actor that hands every message it receives, whatever its type, to another actor (a test probe): a remote test
/// starts one on each side at /user/inbox to see what crossed and what was refused.
/// </summary>
internal sealed class ForwardingInbox(IActorRef forwardTo) : ReceiveActor
{
    public ForwardingInbox() : this(ActorRefs.Nobody)
    {
    }

    protected override bool AroundReceive(Receive receive, object message)
    {
        forwardTo.Tell(message);
        return true;
    }
}
