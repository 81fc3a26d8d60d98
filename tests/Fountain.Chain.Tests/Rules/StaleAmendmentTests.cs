using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Rules;
using Fountain.Chain.Selection;
using Fountain.Chain.State;
using Fountain.Chain.Transactions;
using static Fountain.Chain.Tests.Support.Fixtures;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Rules;

/// <summary>
/// Exactly-once heals (issue 7, item 1): an amendment names the number of amendments its heal was based on, and the
/// chain accepts it only while the ticket has exactly that many. Two heals measured from one ticket cannot both land,
/// even with disjoint indices, and the verifier's signature covers the count.
/// </summary>
public sealed class StaleAmendmentTests() : SixNodeNetwork("stale", 5101)
{
    /// <summary>The custodians of the artwork at the head, primary first.</summary>
    private (NodeKey Primary, NodeKey Verifier) Custodians(ChainState state)
    {
        var custodians = Custody.Custodians(Artwork.ArtworkId, state.Head, state.Masternodes.Values, Options.CustodyVerifiers);
        return (Key(custodians[0]), Key(custodians[1]));
    }

    private static AmendArtwork Signed(ChainState state, string artworkId, NodeKey primary, NodeKey verifier, int basedOn, params TicketBlock[] blocks)
    {
        var unsigned = new AmendArtwork(artworkId, state.Head.Height, basedOn, blocks, "heal", verifier.PublicKeyBase64, "");
        return unsigned with { VerifierSignature = Convert.ToBase64String(verifier.Sign(unsigned.SignedContent(state.ChainId, primary.Id))) };
    }

    [Fact]
    public void An_amendment_based_on_the_current_ticket_is_accepted()
    {
        var state = Network();
        var (primary, verifier) = Custodians(state);

        state = Accept(state, primary, Signed(state, Artwork.ArtworkId, primary, verifier, 0, new TicketBlock(7, Id("first-7"))));
        Assert.Single(state.Tickets[Artwork.ArtworkId].Amendments);

        // A heal measured after that one names one amendment, and lands.
        state = Seal(state);
        (primary, verifier) = Custodians(state);
        state = Accept(state, primary, Signed(state, Artwork.ArtworkId, primary, verifier, 1, new TicketBlock(8, Id("second-8"))));
        Assert.Equal(2, state.Tickets[Artwork.ArtworkId].Amendments.Count);
        Assert.Equal(8u, state.Tickets[Artwork.ArtworkId].HighestIndex);
    }

    [Fact]
    public void A_second_heal_from_the_same_ticket_is_refused_as_stale_even_with_disjoint_indices_and_changes_nothing()
    {
        var state = Network();
        var (primary, verifier) = Custodians(state);
        // Both heals measured the ticket with no amendment. The first lands.
        var first = Signed(state, Artwork.ArtworkId, primary, verifier, 0, new TicketBlock(7, Id("a-7")), new TicketBlock(8, Id("a-8")));
        var second = Signed(state, Artwork.ArtworkId, primary, verifier, 0, new TicketBlock(20, Id("b-20")), new TicketBlock(21, Id("b-21")));
        state = Accept(state, primary, first);

        var before = Fingerprint.Of(state);
        var rejection = Reject(state, primary, second, "stale-ticket");
        Assert.Contains("based on 0 amendments", rejection.Message);
        Assert.Contains("now has 1", rejection.Message);
        Assert.Equal(before, Fingerprint.Of(state));
        Assert.Equal(8u, state.Tickets[Artwork.ArtworkId].HighestIndex);
    }

    [Fact]
    public void A_count_ahead_of_the_ticket_is_refused_too()
    {
        var state = Network();
        var (primary, verifier) = Custodians(state);
        var before = Fingerprint.Of(state);
        Reject(state, primary, Signed(state, Artwork.ArtworkId, primary, verifier, 1, new TicketBlock(7, Id("ahead-7"))), "stale-ticket");
        Reject(state, primary, Signed(state, Artwork.ArtworkId, primary, verifier, -1, new TicketBlock(7, Id("neg-7"))), "stale-ticket");
        Assert.Equal(before, Fingerprint.Of(state));
    }

    [Fact]
    public void The_verifier_signature_covers_the_amendment_count()
    {
        var state = Network();
        var (primary, verifier) = Custodians(state);
        state = Accept(state, primary, Signed(state, Artwork.ArtworkId, primary, verifier, 0, new TicketBlock(7, Id("sig-7"))));

        // A signature given for a heal based on no amendment cannot be reused with the count changed to the current one.
        var signedForZero = Signed(state, Artwork.ArtworkId, primary, verifier, 0, new TicketBlock(9, Id("sig-9")));
        Reject(state, primary, signedForZero with { BasedOnAmendments = 1 }, "bad-verifier-signature");
        Assert.NotEqual(signedForZero.SignedContent(state.ChainId, primary.Id), (signedForZero with { BasedOnAmendments = 1 }).SignedContent(state.ChainId, primary.Id));
    }
}
