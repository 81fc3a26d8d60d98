using Akka.Actor;
using Fountain.Actors.Artworks;
using Fountain.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Fountain.Actors.Tests.Cluster;

/// <summary>
/// Hyperion's allow-list between two actor systems over Akka.Remote: a peer running a stock Hyperion (as a hostile member
/// could) sends a Fountain-shaped message whose type is not on our list; our system refuses to build it, and the link
/// stays up for allowed messages. Our own system will not send such a type either.
/// </summary>
public sealed class RemoteAllowListTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    /// <summary>Shaped like a Fountain message, bound to Hyperion, but on no allow-list.</summary>
    public sealed record Smuggled(string ArtworkId, string Payload) : IFountainMessage;

    [Fact]
    public void A_type_off_the_allow_list_is_refused_across_systems_and_allowed_ones_still_pass()
    {
        const string stockHyperion = """akka.actor.serializers.hyperion = "Akka.Serialization.HyperionSerializer, Akka.Serialization.Hyperion" """;
        var peer = StartSystem(stockHyperion);
        var peerProbe = CreateTestProbe(peer);
        Sys.ActorOf(Props.Create(() => new ForwardingInbox(TestActor)), "inbox");
        peer.ActorOf(Props.Create(() => new ForwardingInbox(peerProbe.Ref)), "inbox");
        var ours = peer.ActorSelection($"{SysAddress}/user/inbox");
        var theirs = Sys.ActorSelection($"{AddressOf(peer)}/user/inbox");

        ours.Tell(new CheckArtwork("aa", 1));
        Assert.Equal(new CheckArtwork("aa", 1), ExpectMsg<CheckArtwork>(TimeSpan.FromSeconds(10)));

        ours.Tell(new Smuggled("bb", "anything"));
        ours.Tell(new CheckArtwork("cc", 1)); // after the refused one, on the same link
        Assert.Equal(new CheckArtwork("cc", 1), ExpectMsg<CheckArtwork>(TimeSpan.FromSeconds(10)));
        ExpectNoMsg(TimeSpan.FromMilliseconds(500));

        theirs.Tell(new Smuggled("dd", "anything")); // our side will not write it at all
        theirs.Tell(new CheckArtwork("ee", 1));
        Assert.Equal(new CheckArtwork("ee", 1), peerProbe.ExpectMsg<CheckArtwork>(TimeSpan.FromSeconds(10)));
        peerProbe.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }
}
