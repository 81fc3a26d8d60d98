using Fountain.Chain.Model;
using Fountain.Node.Healing;

namespace Fountain.Cluster.Tests.Healing;

/// <summary>How a restarted primary decides whether the heal its journal left in flight landed (<see cref="HealCheck.Landed"/>).</summary>
public sealed class HealLandedTests
{
    private static readonly CodecParameters Codec = new("v1", 1000, 10, 100, 1, 0.03, 0.5);

    private static ArtworkTicket Ticket(params TicketAmendment[] amendments) =>
        new("art", "owner", Codec, [new(1, "a"), new(2, "b"), new(3, "c")], 1, 0, 1, amendments);

    private static TicketAmendment By(string primary, params uint[] indices) =>
        new(10, primary, "verifier", indices.Select(i => new TicketBlock(i, $"block-{i}")).ToArray(), "heal");

    private static ArtworkEvent Started(uint firstNewIndex, int basedOn) =>
        new(ArtworkEvent.HealStarted, 9, 5.0, 0, firstNewIndex, 20, null, basedOn);

    [Fact]
    public void The_heal_landed_when_the_ticket_has_this_nodes_amendment_from_its_first_index_on()
    {
        Assert.True(HealCheck.Landed(Ticket(By("me", 5, 6)), Started(4, 0), "me"));
        Assert.True(HealCheck.Landed(Ticket(By("other", 4), By("me", 6, 7)), Started(5, 1), "me"));
    }

    [Fact]
    public void Another_primarys_amendment_an_older_one_or_none_is_not_this_heal()
    {
        Assert.False(HealCheck.Landed(Ticket(), Started(4, 0), "me"));
        Assert.False(HealCheck.Landed(Ticket(By("other", 4, 5)), Started(4, 0), "me")); // the next primary healed instead
        Assert.False(HealCheck.Landed(Ticket(By("me", 4, 5)), Started(6, 1), "me")); // an earlier heal of this node
        Assert.False(HealCheck.Landed(Ticket(By("me", 2, 9)), Started(4, 0), "me")); // indices below the heal's first
    }

    [Fact]
    public void A_journal_without_the_amendment_count_looks_at_every_amendment()
    {
        Assert.True(HealCheck.Landed(Ticket(By("me", 4)), Started(4, -1), "me"));
        Assert.False(HealCheck.Landed(Ticket(By("other", 4)), Started(4, -1), "me"));
    }
}
