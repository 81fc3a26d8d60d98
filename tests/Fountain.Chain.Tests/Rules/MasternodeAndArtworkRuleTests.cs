using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Transactions;
using Fountain.Economics.Perpetual;
using static Fountain.Chain.Tests.Support.Fixtures;
using Lock = Fountain.Chain.Transactions.Lock;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Rules;

public sealed class MasternodeAndArtworkRuleTests
{
    [Fact]
    public void A_masternode_registers_once_with_its_collateral_moved_out_of_its_account()
    {
        using var node = NodeKey.Create();
        using var other = NodeKey.Create();
        var state = Accept(Genesis(), node, new Faucet(Tokens(2_000)));
        Reject(state, node, new RegisterMasternode("http://127.0.0.1:5001", Tokens(999)), "collateral-too-low");
        Reject(Accept(Genesis(), node, new Faucet(Tokens(500))), node, new RegisterMasternode("http://127.0.0.1:5001", Tokens(1_000)), "insufficient-funds");
        foreach (var endpoint in new[] { "", "127.0.0.1:5001", "ftp://host", "http://user:pw@host:1", "http://host/?q=1", "http://host/#f", "/relative", null!, "http://" + new string('h', 300) })
            Reject(state, node, new RegisterMasternode(endpoint, Tokens(1_000)), "bad-endpoint");

        var before = state.Ledger.Account(node.Id).Available.Units;
        state = Accept(state, node, new RegisterMasternode("http://127.0.0.1:5001", Tokens(1_000)));
        var registered = state.Masternodes[node.Id];
        Assert.Equal((node.Id, node.PublicKeyBase64, "http://127.0.0.1:5001/", Tokens(1_000), 1L), (registered.Id, registered.PublicKey, registered.Endpoint, registered.CollateralBaseUnits, registered.RegisteredAtHeight));
        Assert.Equal(Tokens(1_000), state.Ledger.Account(ChainOptions.CollateralAccount).Available.Units);
        Assert.Equal(before - Tokens(1_000) - Options.Economics.Ledger.Fees.Transfer.Units, state.Ledger.Account(node.Id).Available.Units);
        Reject(state, node, new RegisterMasternode("http://127.0.0.1:5002", Tokens(1_000)), "already-registered");
        state = Accept(state, other, new Faucet(Tokens(2_000)));
        Reject(state, other, new RegisterMasternode("HTTP://127.0.0.1:5001", Tokens(1_000)), "endpoint-taken");
    }

    [Fact]
    public void Storage_reports_come_from_masternodes_and_add_up()
    {
        using var node = NodeKey.Create();
        var state = Genesis();
        Reject(state, node, new ReportStorage(100, 10, 90), "not-masternode");
        state = RegisterNode(state, node, 5001);
        Reject(state, node, new ReportStorage(100, 110, 0), "bad-bytes");
        Reject(state, node, new ReportStorage(100, 10, 91), "bad-bytes");
        Reject(state, node, new ReportStorage(-1, 0, 0), "bad-bytes");
        Reject(state, node, new ReportStorage(Options.MaxReportedStorageBytes + 1, 0, 0), "bad-bytes");
        state = Accept(state, node, new ReportStorage(100, 10, 90));
        Assert.Equal(new StorageReport(100, 10, 90, 1), state.Masternodes[node.Id].Storage);
    }

    [Fact]
    public void An_artwork_is_registered_by_its_owner_who_pays_the_perpetual_fee_to_the_reward_pool()
    {
        using var owner = NodeKey.Create();
        var state = Accept(Genesis(), owner, new Faucet(Tokens(100)));
        var artwork = Artwork("a", archiveLength: 5_000_000);
        var fee = PerpetualFee.Quote(Options.Economics.Ledger.PerpetualFee, 5_000_000).Value.Fee.Units;
        Reject(state, owner, artwork with { MaxFeeBaseUnits = fee - 1 }, "fee-above-max");
        var pool = state.Ledger.Account(Options.RewardPoolAccount).Available.Units;
        var available = state.Ledger.Account(owner.Id).Available.Units;
        state = Accept(state, owner, artwork with { MaxFeeBaseUnits = fee });
        Assert.Equal(available - fee, state.Ledger.Account(owner.Id).Available.Units);
        Assert.Equal(pool + fee, state.Ledger.Account(Options.RewardPoolAccount).Available.Units);
        var ticket = state.Tickets[artwork.ArtworkId];
        Assert.Equal((owner.PublicKeyBase64, fee, 1L, 3), (ticket.OwnerPublicKey, ticket.FeePaidBaseUnits, ticket.RegisteredAtHeight, ticket.HoldersPerBlock));
        Reject(state, owner, artwork, "duplicate-artwork");
        using var poor = NodeKey.Create();
        Reject(state, poor, Artwork("b"), "insufficient-funds");
    }

    [Fact]
    public void Ticket_fields_are_checked_one_by_one()
    {
        using var owner = NodeKey.Create();
        var state = Accept(Genesis(), owner, new Faucet(Tokens(100)));
        var good = Artwork("a");
        var blocks = good.Blocks;
        Reject(state, owner, good with { ArtworkId = good.ArtworkId.ToUpperInvariant() }, "bad-artwork");
        Reject(state, owner, good with { ArtworkId = good.ArtworkId[..63] }, "bad-artwork");
        Reject(state, owner, good with { ArtworkId = null! }, "bad-artwork");
        Reject(state, owner, good with { Codec = null! }, "bad-codec");
        Reject(state, owner, good with { Codec = good.Codec with { ArchiveLength = 0 } }, "bad-codec");
        Reject(state, owner, good with { Codec = good.Codec with { ArchiveLength = Options.MaxArchiveBytes + 1 } }, "bad-codec");
        Reject(state, owner, good with { Codec = good.Codec with { SourceSymbols = 10 } }, "bad-codec"); // K·T below the archive
        Reject(state, owner, good with { Codec = good.Codec with { SymbolsPerBlock = 0 } }, "bad-codec");
        Reject(state, owner, good with { Codec = good.Codec with { Delta = 1 } }, "bad-codec");
        Reject(state, owner, good with { Codec = good.Codec with { C = 0 } }, "bad-codec"); // NaN and infinities cannot even be written as JSON numbers
        Reject(state, owner, good with { Codec = good.Codec with { Format = "V1 !" } }, "bad-codec");
        Reject(state, owner, good with { Blocks = [] }, "bad-blocks");
        Reject(state, owner, good with { Blocks = null! }, "bad-blocks");
        Reject(state, owner, good with { Blocks = [blocks[0] with { Index = 0 }, .. blocks.Skip(1)] }, "bad-blocks");
        Reject(state, owner, good with { Blocks = [.. blocks, blocks[0] with { BlockId = Id("other") }] }, "bad-blocks"); // index twice
        Reject(state, owner, good with { Blocks = [.. blocks, blocks[0] with { Index = 99 }] }, "bad-blocks"); // id twice
        Reject(state, owner, good with { Blocks = [.. blocks, new TicketBlock(99, "zz")] }, "bad-blocks");
        Reject(state, owner, good with { Blocks = [.. blocks, null!] }, "bad-blocks");
        Reject(Genesis(Options with { MaxBlocksPerTicket = 3 }), owner, good, "bad-blocks");
        Reject(state, owner, good with { HoldersPerBlock = 0 }, "bad-holders");
        Reject(state, owner, good with { HoldersPerBlock = Options.MaxHoldersPerBlock + 1 }, "bad-holders");
        Reject(state, owner, good with { MaxFeeBaseUnits = -1 }, "bad-fee");
        Accept(state, owner, good);
    }

    [Fact]
    public void Under_the_lock_model_an_artwork_pins_its_bytes_against_the_owners_locked_capacity()
    {
        using var owner = NodeKey.Create();
        var options = Options with { PaymentModel = StoragePaymentModel.Lock };
        var state = Accept(Genesis(options), owner, new Faucet(Tokens(1_000)));
        var artwork = Artwork("a", archiveLength: 2_000_000);
        Reject(state, owner, artwork, "insufficient-locked-bytes");
        state = Accept(state, owner, new Lock(Tokens(100)));
        state = Accept(state, owner, artwork);
        var account = state.Ledger.Account(owner.Id);
        Assert.Equal(2_000_000, account.Pins["artwork:" + artwork.ArtworkId]);
        Assert.Equal(Options.Economics.Ledger.Fees.Pin.Units, state.Tickets[artwork.ArtworkId].FeePaidBaseUnits);
        Reject(state, owner, new Unpin("artwork:" + artwork.ArtworkId), "reserved-pin");
        Reject(state, owner, Artwork("b", archiveLength: 2_000_000) with { MaxFeeBaseUnits = 0 }, "fee-above-max");
    }
}
