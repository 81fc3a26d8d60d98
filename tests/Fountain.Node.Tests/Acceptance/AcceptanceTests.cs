using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Codec.Artwork;
using Fountain.Node.Acceptance;
using Fountain.Node.Network;
using Fountain.Node.Tests.Support;

namespace Fountain.Node.Tests.Acceptance;

/// <summary>The acceptance rule, as a pure function and through the API.</summary>
public sealed class AcceptanceTests
{
    private static string NodeId(int i) => Convert.ToHexStringLower(System.Security.Cryptography.SHA3_256.HashData(BitConverter.GetBytes(i)));

    private static Membership MembershipOf(int nodes, long height = 10, Func<int, long>? penaltyUntil = null) =>
        new(new ChainHead(height, new string('0', 64), DateTimeOffset.UnixEpoch),
            Enumerable.Range(0, nodes).Select(i => new Masternode(NodeId(i), "key" + i, "http://127.0.0.1:" + (7000 + i), 1, 1, null, penaltyUntil?.Invoke(i) ?? 0)).ToList(),
            DateTimeOffset.UnixEpoch);

    private static readonly Func<BlockVerdict> Intact = () => new BlockVerdict(BlockOutcome.Accepted);

    [Fact]
    public void Only_a_selected_holder_accepts_and_a_registered_masternode_places_pending_blocks_with_a_bounded_grace()
    {
        var block = TestBlocks.Make(1)[0];
        var membership = MembershipOf(12);
        var holders = Placement.HoldersOf(block.Id, membership.EligibleIds, 3);
        var outsider = membership.EligibleIds.First(id => !holders.Contains(id));
        var now = DateTimeOffset.UnixEpoch.AddDays(1);
        var offer = new BlockOffer(block.Id, block.Header.ArtworkId, block.Bytes.Length, outsider, "key-x", null);
        HolderState State(string self, long pending = 0) => new(self, membership, 3, now, TimeSpan.FromMinutes(10), pending, 1 << 20);

        var accepted = AcceptanceRule.Decide(offer, State(holders[2]), Intact);
        Assert.Equal(AcceptanceVerdict.Pending, accepted.Verdict);
        Assert.Equal(now.AddMinutes(10), accepted.PendingUntil);
        Assert.Equal(AcceptanceVerdict.NotAHolder, AcceptanceRule.Decide(offer, State(outsider), Intact).Verdict);
        Assert.Equal(AcceptanceVerdict.PendingFull, AcceptanceRule.Decide(offer, State(holders[0], pending: (1 << 20) - 10), Intact).Verdict);
        Assert.Equal(AcceptanceVerdict.Corrupt, AcceptanceRule.Decide(offer, State(holders[0]), () => new BlockVerdict(BlockOutcome.Rejected, "bad")).Verdict);
        // Not registered: refused before the content is even hashed.
        bool hashed = false;
        var stranger = offer with { SignerId = new string('f', 64) };
        Assert.Equal(AcceptanceVerdict.Forbidden, AcceptanceRule.Decide(stranger, State(holders[0]), () => { hashed = true; return Intact(); }).Verdict);
        Assert.False(hashed);
        // Under penalty: no new work, and the penalised node is not a holder either (placement skips it).
        var penalised = MembershipOf(12, penaltyUntil: i => NodeId(i) == outsider ? 100 : 0);
        Assert.Equal(AcceptanceVerdict.Forbidden, AcceptanceRule.Decide(offer, State(holders[0]) with { Membership = penalised }, Intact).Verdict);
        Assert.DoesNotContain(outsider, penalised.EligibleIds);
    }

    [Fact]
    public void A_block_listed_on_its_ticket_is_kept_for_good_and_its_owner_may_place_it()
    {
        var blocks = TestBlocks.Make(2);
        var membership = MembershipOf(5);
        var holder = Placement.HoldersOf(blocks[0].Id, membership.EligibleIds, 3)[0];
        var ticket = new ArtworkTicket(blocks[0].Header.ArtworkId.ToString(), "owner-key", new CodecParameters("v1", 1, 1, 1, 1, 0.03, 0.5),
            [new TicketBlock(1, blocks[0].Id.ToString())], 3, 0, 1, []);
        var state = new HolderState(holder, membership, 3, DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1), 0, 0);
        var byOwner = new BlockOffer(blocks[0].Id, blocks[0].Header.ArtworkId, 10, new string('e', 64), "owner-key", ticket);
        var confirmed = AcceptanceRule.Decide(byOwner, state, Intact);
        Assert.Equal((AcceptanceVerdict.Confirmed, (DateTimeOffset?)null), (confirmed.Verdict, confirmed.PendingUntil));
        // The owner may not add blocks the ticket does not list.
        var unlisted = byOwner with { BlockId = blocks[1].Id };
        Assert.Equal(AcceptanceVerdict.Forbidden, AcceptanceRule.Decide(unlisted, state with { ThisNodeId = Placement.HoldersOf(blocks[1].Id, membership.EligibleIds, 3)[0] }, Intact).Verdict);
    }

    [Fact]
    public async Task Through_the_API_a_node_that_is_not_a_selected_holder_refuses_and_a_corrupted_block_is_refused()
    {
        await using var nodes = await TestNodes.StartAsync(4, s => s with { HoldersPerBlock = 1 });
        var blocks = TestBlocks.Make(8);
        var block = blocks[0];
        int holder = nodes.IndexOf((await nodes.HoldersOfAsync(block.Id, 1))[0]);
        int other = (holder + 1) % 4;
        int signer = (holder + 2) % 4;
        await Refusals.AssertStatus(409, () => nodes.Client(other, nodes[signer].Key).PutBlockAsync(block.Id, block.Bytes));
        Assert.Equal(0, nodes[other].Storage.BlockCount);

        var corrupted = (byte[])block.Bytes.Clone();
        corrupted[200] ^= 0x40;
        await Refusals.AssertStatus(422, () => nodes.Client(holder, nodes[signer].Key).PutBlockAsync(block.Id, corrupted));
        await Refusals.AssertStatus(422, () => nodes.Client(holder, nodes[signer].Key).PutBlockAsync(block.Id, block.Bytes[..^1]));
        await Refusals.AssertStatus(422, () => nodes.Client(holder, nodes[signer].Key).PutBlockAsync(block.Id, new byte[50]));
        Assert.Equal(0, nodes[holder].Storage.BlockCount);
        Assert.Equal("stored", (await nodes.Client(holder, nodes[signer].Key).PutBlockAsync(block.Id, block.Bytes)).Outcome);
    }

    [Fact]
    public async Task Pending_blocks_are_confirmed_when_their_ticket_appears_and_deleted_when_the_grace_runs_out_unregistered()
    {
        await using var nodes = await TestNodes.StartAsync(3);
        using var owner = NodeKey.Create();
        var registered = TestBlocks.Make(3, seed: 1);
        var abandoned = TestBlocks.Make(3, seed: 2);
        var client = nodes.Client(0, nodes[1].Key);
        foreach (var b in registered.Concat(abandoned)) Assert.True((await client.PutBlockAsync(b.Id, b.Bytes)).Pending);
        Assert.Equal(6, nodes[0].Storage.BlockCount);

        await nodes.RegisterArtworkAsync(owner, registered);
        await nodes[0].Reporter.RunOnceAsync(default);
        Assert.All((await client.ListArtworkBlocksAsync(registered[0].Header.ArtworkId)).Blocks, b => Assert.False(b.Pending));
        Assert.All((await client.ListArtworkBlocksAsync(abandoned[0].Header.ArtworkId)).Blocks, b => Assert.True(b.Pending));

        nodes.Clock.Advance(nodes[0].Settings.PendingGrace - TimeSpan.FromSeconds(5));
        await nodes[0].Reporter.RunOnceAsync(default);
        Assert.Equal(6, nodes[0].Storage.BlockCount); // not yet
        nodes.Clock.Advance(TimeSpan.FromSeconds(5));
        await nodes[0].Reporter.RunOnceAsync(default);
        Assert.Equal(3, nodes[0].Storage.BlockCount);
        Assert.Empty((await client.ListArtworkBlocksAsync(abandoned[0].Header.ArtworkId)).Blocks);
        Assert.Equal(0, nodes[0].Store.PendingBytes);

        // Once registered, the owner places a listed block (on a holder that lost it) for good. With r = 3 of 3
        // nodes, node 0 is one of its holders.
        var lost = registered[0];
        Assert.True(nodes[0].Store.Delete(lost.Id));
        var put = await nodes.Client(0, owner).PutBlockAsync(lost.Id, lost.Bytes);
        Assert.Equal(("stored", false), (put.Outcome, put.Pending));
    }

    [Fact]
    public async Task Pending_bytes_are_capped_so_unregistered_uploads_cannot_fill_a_node()
    {
        var blocks = TestBlocks.Make(3);
        await using var nodes = await TestNodes.StartAsync(3, s => s with { MaxPendingBytes = blocks[0].Bytes.Length * 2L });
        var client = nodes.Client(0, nodes[1].Key);
        await client.PutBlockAsync(blocks[0].Id, blocks[0].Bytes);
        await client.PutBlockAsync(blocks[1].Id, blocks[1].Bytes);
        await Refusals.AssertStatus(507, () => client.PutBlockAsync(blocks[2].Id, blocks[2].Bytes));
        Assert.Equal(2, nodes[0].Storage.BlockCount);
    }
}
