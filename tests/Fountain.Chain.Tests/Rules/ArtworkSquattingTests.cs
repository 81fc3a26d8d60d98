using Fountain.Chain.Identity;
using Fountain.Chain.Transactions;
using static Fountain.Chain.Tests.Support.Fixtures;

namespace Fountain.Chain.Tests;

/// <summary>
/// Issue 12, hole 3: every holder reads an artwork's id in its block headers before the owner registers it. A squatter
/// must not be able to register the id first (with a made-up length and a tiny fee) and lock the owner out; and the
/// length a fee is charged on must be bound to the code the blocks carry.
/// </summary>
public sealed class ArtworkSquattingTests : IDisposable
{
    private readonly NodeKey _owner = NodeKey.Create();
    private readonly NodeKey _squatter = NodeKey.Create();

    public void Dispose()
    {
        _owner.Dispose();
        _squatter.Dispose();
    }

    private Fountain.Chain.State.ChainState Funded() =>
        Accept(Accept(Genesis(), _owner, new Faucet(Tokens(100))), _squatter, new Faucet(Tokens(100)));

    [Fact]
    public void A_holder_that_read_the_id_in_a_header_cannot_register_a_claimed_artwork_and_the_owner_still_can()
    {
        var state = Funded();
        var genuine = Artwork("squatted", archiveLength: 5_000_000);
        // The owner claims before any block leaves it; then a holder reads the id and tries to register it cheaply.
        state = Accept(state, _owner, new ClaimArtwork(genuine.ArtworkId));
        var squat = Artwork("squatted", archiveLength: 100) with { ArtworkId = genuine.ArtworkId };
        Reject(state, _squatter, squat, "claimed-artwork");
        Reject(state, _squatter, new ClaimArtwork(genuine.ArtworkId), "claimed-artwork");
        state = Seal(state, 5);
        Reject(state, _squatter, squat, "claimed-artwork");

        state = Accept(state, _owner, genuine);
        Assert.Equal(_owner.PublicKeyBase64, state.Tickets[genuine.ArtworkId].OwnerPublicKey);
        Assert.False(state.ArtworkClaims.ContainsKey(genuine.ArtworkId)); // the registration ends the claim
        Reject(state, _squatter, new ClaimArtwork(genuine.ArtworkId), "duplicate-artwork");
    }

    [Fact]
    public void A_claim_lapses_after_the_configured_heights_and_can_be_renewed_only_by_its_claimant()
    {
        var options = Options with { ArtworkClaimHeights = 3 };
        var state = Accept(Accept(Genesis(options), _owner, new Faucet(Tokens(100))), _squatter, new Faucet(Tokens(100)));
        var id = Id("lapsing");
        state = Accept(state, _owner, new ClaimArtwork(id));
        state = Accept(state, _owner, new ClaimArtwork(id)); // renewal
        state = Seal(state, 3);
        Reject(state, _squatter, new ClaimArtwork(id), "claimed-artwork");
        state = Seal(state, 1);
        Assert.False(state.ArtworkClaims.ContainsKey(id)); // sealing forgets lapsed claims
        Accept(state, _squatter, new ClaimArtwork(id));
    }

    [Fact]
    public void The_length_a_fee_is_charged_on_must_be_bound_to_the_symbol_count_and_size()
    {
        var state = Funded();
        var genuine = Artwork("understated", archiveLength: 5_000_000);
        // Same K and T as a 5 MB archive, but a claimed length of 100 bytes: K·T still "holds" it, so it used to pass.
        var understated = genuine with { Codec = genuine.Codec with { ArchiveLength = 100 } };
        Reject(state, _owner, understated, "bad-codec");
        Reject(state, _owner, genuine with { Codec = genuine.Codec with { SourceSymbols = genuine.Codec.SourceSymbols + 1 } }, "bad-codec");
        Accept(state, _owner, genuine);
    }
}
