using Akka.Actor;
using Fountain.Actors.Artworks;
using Fountain.Actors.Hosting;
using Fountain.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Fountain.Actors.Tests.Cluster;

/// <summary>
/// Akka's JSON serializer (identifier 1, Newtonsoft with type names, no allow-list) between two actor systems: a peer that
/// still runs it (as a hostile member could) sends a message marked with identifier 1 that names a CLR type; our system
/// refuses to build it, the association stays up for Fountain's own messages, and our system will not write JSON either.
/// </summary>
public sealed class JsonRefusalTests(ITestOutputHelper output) : ClusterTestKit(output)
{
    /// <summary>No binding of ours: Akka's default for an object is its JSON serializer.</summary>
    public sealed record Planted(string Path, int Mode);

    private const string StockJson = """akka.actor.serializers.json = "Akka.Serialization.NewtonSoftJsonSerializer, Akka" """;

    [Fact]
    public void A_message_marked_for_akkas_json_serializer_naming_a_clr_type_is_refused_and_the_link_stays_up()
    {
        var peer = StartSystem(StockJson);
        var peerProbe = CreateTestProbe(peer);
        Sys.ActorOf(Props.Create(() => new ForwardingInbox(TestActor)), "inbox");
        peer.ActorOf(Props.Create(() => new ForwardingInbox(peerProbe.Ref)), "inbox");
        var ours = peer.ActorSelection($"{SysAddress}/user/inbox");
        var theirs = Sys.ActorSelection($"{AddressOf(peer)}/user/inbox");

        // What the peer puts on the wire: identifier 1, the type's name as manifest, Newtonsoft JSON with "$type".
        var planted = new Planted("/etc/fountain", 7);
        var wire = peer.Serialization.FindSerializerFor(planted);
        Assert.Equal(RefusingJsonSerializer.JsonIdentifier, wire.Identifier);
        Assert.Contains(typeof(Planted).FullName!, System.Text.Encoding.UTF8.GetString(wire.ToBinary(planted)), StringComparison.Ordinal);

        ours.Tell(new CheckArtwork("aa", 1));
        Assert.Equal(new CheckArtwork("aa", 1), ExpectMsg<CheckArtwork>(TimeSpan.FromSeconds(10)));
        ours.Tell(planted);
        ours.Tell(new CheckArtwork("bb", 1)); // after the refused one, on the same link
        Assert.Equal(new CheckArtwork("bb", 1), ExpectMsg<CheckArtwork>(TimeSpan.FromSeconds(10)));
        ExpectNoMsg(TimeSpan.FromMilliseconds(500));

        theirs.Tell(planted); // our side does not write JSON at all
        theirs.Tell(new CheckArtwork("cc", 1));
        Assert.Equal(new CheckArtwork("cc", 1), peerProbe.ExpectMsg<CheckArtwork>(TimeSpan.FromSeconds(10)));
        peerProbe.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void The_serializer_for_identifier_1_refuses_a_crafted_payload_and_objects_without_a_binding()
    {
        var peer = StartSystem(StockJson);
        var planted = new Planted("/etc/fountain", 7);
        var bytes = peer.Serialization.FindSerializerFor(planted).ToBinary(planted);

        Assert.IsType<RefusingJsonSerializer>(Sys.Serialization.FindSerializerForType(typeof(object)));
        Assert.ThrowsAny<Exception>(() => Sys.Serialization.Deserialize(bytes, RefusingJsonSerializer.JsonIdentifier, typeof(Planted).AssemblyQualifiedName));
        Assert.ThrowsAny<Exception>(() => Sys.Serialization.Serialize(planted));
    }
}
