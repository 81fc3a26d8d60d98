using Akka.Serialization;
using Fountain.Actors.Artworks;
using Fountain.Actors.Hosting;
using Fountain.Actors.Tests.Support;

namespace Fountain.Actors.Tests.Hosting;

/// <summary>Fountain's serialization: Hyperion with an allow-list for what crosses a process, an explicit JSON contract for what is journaled.</summary>
public sealed class SerializationTests() : Akka.TestKit.Xunit2.TestKit(AkkaConfigs.Setup(AkkaConfigs.Fountain()))
{
    /// <summary>A message of the right shape that is not on the allow-list, as a peer could send it.</summary>
    public sealed record NotAllowed(string ArtworkId) : IFountainMessage;

    [Fact]
    public void A_fountain_message_goes_through_hyperion_and_round_trips()
    {
        var message = new CheckArtwork("4f2a", 5);
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<FountainHyperionSerializer>(serializer);
        Assert.Equal(message, serializer.FromBinary(serializer.ToBinary(message), typeof(CheckArtwork)));
        var state = new ArtworkRegionState(3, 1, 10, 6);
        Assert.Equal(state, serializer.FromBinary(serializer.ToBinary(state), typeof(ArtworkRegionState)));
    }

    [Fact]
    public void Hyperion_refuses_to_instantiate_a_type_that_is_not_on_the_allow_list()
    {
        var message = new NotAllowed("4f2a");
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<FountainHyperionSerializer>(serializer);
        // Neither written nor read: a peer's bytes naming it are refused like our own attempt to send it.
        Assert.Contains("Unsafe Type", Assert.ThrowsAny<Exception>(() => serializer.ToBinary(message)).Message);
        var stock = new Akka.Serialization.HyperionSerializer((Akka.Actor.ExtendedActorSystem)Sys, Akka.Serialization.HyperionSerializerSettings.Default);
        var fromPeer = stock.ToBinary(message);
        var refused = Assert.ThrowsAny<Exception>(() => serializer.FromBinary(fromPeer, typeof(NotAllowed)));
        Assert.Contains("Unsafe Type", refused.Message + refused.InnerException?.Message);
        Assert.Equal(message, stock.FromBinary(fromPeer, typeof(NotAllowed))); // what an unfiltered Hyperion would have built
        Assert.DoesNotContain(typeof(NotAllowed), FountainSerialization.AllowedTypes);
    }

    [Fact]
    public void What_is_journaled_is_json_with_a_manifest_not_a_clr_type_name()
    {
        var e = new ArtworkEvent(ArtworkEvent.HealStarted, 12, 6.5, 0, 41, 8, null, 2, new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
        var serializer = (SerializerWithStringManifest)Sys.Serialization.FindSerializerFor(e);
        Assert.IsType<ArtworkJournalSerializer>(serializer);
        Assert.Equal(ArtworkJournalSerializer.Id, serializer.Identifier);
        Assert.Equal("artwork-event.v1", serializer.Manifest(e));
        var json = System.Text.Encoding.UTF8.GetString(serializer.ToBinary(e));
        Assert.Equal("""{"kind":"heal-started","epochHeight":12,"redundancy":6.5,"blocksAvailable":0,"firstNewIndex":41,"blocksAdded":8,"basedOnAmendments":2,"at":"2026-12-01T00:00:00+00:00"}""", json);
        Assert.Equal(e, serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(json), "artwork-event.v1"));

        var state = new ArtworkState(6.5, 12, e, 3);
        Assert.Equal("artwork-state.v1", serializer.Manifest(state));
        Assert.Equal(state, serializer.FromBinary(serializer.ToBinary(state), "artwork-state.v1"));
    }

    [Fact]
    public void A_journal_written_before_the_optional_fields_existed_still_reads()
    {
        var old = """{"kind":"measured","epochHeight":3,"redundancy":11.9,"blocksAvailable":40,"firstNewIndex":0,"blocksAdded":0,"detail":null}"""u8.ToArray();
        var e = (ArtworkEvent)ArtworkJournalSerializer.FromJson(old, ArtworkJournalSerializer.EventManifest);
        Assert.Equal(new ArtworkEvent(ArtworkEvent.Measured, 3, 11.9, 40, 0, 0, null), e);
        Assert.Equal(-1, e.BasedOnAmendments);
        Assert.Throws<FormatException>(() => ArtworkJournalSerializer.FromJson(old, "artwork-event.v0"));
    }
}
