using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Node.Challenges;
using Fountain.Node.Client;
using Fountain.Node.Tests.Support;

namespace Fountain.Node.Tests.Api;

/// <summary>
/// Issue 12, hole 4: every path that reveals a block's content or hashes of it is closed to the block's placed holders
/// and to members with no role for it; and a registration alone (no storage report yet) gives no member's rights.
/// </summary>
public sealed class ReadRoleTests
{
    private static async Task<(TestNodes Nodes, TestBlock Block, IReadOnlyList<string> Holders)> StoredAsync(NodeKey owner, long custodyWindowHeights = 60)
    {
        var nodes = await TestNodes.StartAsync(6, s => s with { CustodyReadWindowHeights = custodyWindowHeights });
        var block = TestBlocks.Make(1, seed: 5)[0];
        var holders = await nodes.HoldersOfAsync(block.Id, 3);
        int server = nodes.IndexOf(holders[0]);
        int outsider = Enumerable.Range(0, 6).First(i => !holders.Contains(nodes[i].NodeId));
        await nodes.Client(server, nodes[outsider].Key).PutBlockAsync(block.Id, block.Bytes);
        await nodes.RegisterArtworkAsync(owner, [block]);
        return (nodes, block, holders);
    }

    [Fact]
    public async Task A_placed_holder_that_is_not_the_selected_challenger_gets_no_challenge_answer_for_its_own_block()
    {
        using var owner = NodeKey.Create();
        var (nodes, block, holders) = await StoredAsync(owner);
        await using var _ = nodes;
        int server = nodes.IndexOf(holders[0]);
        // An epoch at which the other holder is not one of the server's challengers (the attacker needs no such luck
        // before the fix: any registered masternode got an answer).
        ChainHead epoch;
        IReadOnlyList<string> challengers;
        while (true)
        {
            epoch = await nodes.Chain.GetHeadAsync();
            challengers = Custody.Challengers(holders[0], epoch, await nodes.Chain.GetMasternodesAsync(), 3);
            if (!challengers.Contains(holders[1])) break;
            nodes.Chain.Advance();
        }
        nodes.RefreshMemberships();
        var ticket = (await nodes.Chain.GetTicketAsync(block.Header.ArtworkId.ToString()))!;
        var (offset, _) = ChallengePlan.RangeFor(epoch, holders[0], ticket.Codec, block.Id.ToString(), 1 << 20);
        StorageChallenge Challenge(string challenger, long at) =>
            new(epoch.Height, challenger, holders[0], ticket.ArtworkId, block.Id.ToString(), at, 1);

        var attacker = nodes[nodes.IndexOf(holders[1])];
        var refused = await Assert.ThrowsAsync<NodeRequestException>(() =>
            ChallengeAnswerClient.AskAsync(nodes.Http, nodes[server].Endpoint, attacker.Key, nodes.Clock, Challenge(attacker.NodeId, offset), default));
        Assert.Equal(403, (int?)refused.StatusCode);

        // The selected challenger is answered.
        var challenger = nodes[nodes.IndexOf(challengers[0])];
        var answer = await ChallengeAnswerClient.AskAsync(nodes.Http, nodes[server].Endpoint, challenger.Key, nodes.Clock, Challenge(challenger.NodeId, offset), default);
        Assert.NotNull(answer);
        // ... but only for the range the plan draws for this target and block (not, say, the one another holder is challenged on).
        var otherRange = await Assert.ThrowsAsync<NodeRequestException>(() => ChallengeAnswerClient.AskAsync(nodes.Http, nodes[server].Endpoint, challenger.Key,
            nodes.Clock, Challenge(challenger.NodeId, (offset + 1) % block.Bytes.Length), default));
        Assert.Equal(403, (int?)otherRange.StatusCode);
        var status = await nodes.Client(server, challenger.Key).GetStatusAsync();
        Assert.Equal(2, status.Refusals!["not-selected-challenger"]);
    }

    [Fact]
    public async Task A_member_with_no_role_for_a_block_gets_neither_its_bytes_nor_range_hashes_and_a_custodian_does()
    {
        using var owner = NodeKey.Create();
        // Custodians keep their right for no extra heights here, so that some member has no role at all.
        var (nodes, block, holders) = await StoredAsync(owner, custodyWindowHeights: 0);
        await using var _ = nodes;
        int server = nodes.IndexOf(holders[0]);
        var masternodes = await nodes.Chain.GetMasternodesAsync();
        var artwork = block.Header.ArtworkId.ToString();
        // A height at which some non-holder has no role (custodian, or challenger of a holder); roles move each height.
        IReadOnlyList<string> custodians;
        List<int> bystanders;
        while (true)
        {
            var head = await nodes.Chain.GetHeadAsync();
            long epochHeight = head.Height - head.Height % 10;
            var epochs = new[] { epochHeight, epochHeight - 10 }.Where(e => e >= 0).Select(e => nodes.Chain.GetHeightAsync(e).Result!).ToList();
            custodians = Custody.Custodians(artwork, head, masternodes, 2);
            var roles = custodians.ToList();
            bystanders = Enumerable.Range(0, 6).Where(i => !holders.Contains(nodes[i].NodeId) && !roles.Contains(nodes[i].NodeId)
                && !epochs.Any(e => holders.Any(t => Custody.Challengers(t, e, masternodes, 3).Contains(nodes[i].NodeId)))).ToList();
            if (bystanders.Count > 0) break;
            nodes.Chain.Advance();
        }
        nodes.RefreshMemberships();

        var bystander = nodes.Client(server, nodes[bystanders[0]].Key);
        await Refusals.AssertStatus(403, () => bystander.GetBlockAsync(block.Id));
        await Refusals.AssertStatus(403, () => bystander.HashRangeAsync(block.Id, 0, 100));
        Assert.Equal(block.Bytes.Length, await bystander.HeadBlockAsync(block.Id)); // the size is on the ticket

        var custodian = custodians.FirstOrDefault(c => !holders.Contains(c));
        if (custodian is not null)
        {
            var asCustodian = nodes.Client(server, nodes[nodes.IndexOf(custodian)].Key);
            Assert.Equal(block.Bytes, await asCustodian.GetBlockAsync(block.Id));
            Assert.NotNull(await asCustodian.HashRangeAsync(block.Id, 0, 100));
        }
        Assert.Equal(block.Bytes, await nodes.Client(server, owner).GetBlockAsync(block.Id));
    }

    [Fact]
    public async Task A_registered_masternode_never_proven_by_a_storage_report_may_neither_read_nor_place()
    {
        using var owner = NodeKey.Create();
        var (nodes, block, holders) = await StoredAsync(owner);
        await using var _ = nodes;
        int server = nodes.IndexOf(holders[1]);
        int unproven = Enumerable.Range(0, 6).First(i => !holders.Contains(nodes[i].NodeId));
        nodes.Chain.MarkUnproven(nodes[unproven].NodeId);
        nodes.RefreshMemberships();
        var client = nodes.Client(server, nodes[unproven].Key);
        await Refusals.AssertStatus(403, () => client.GetStatusAsync());
        await Refusals.AssertStatus(403, () => client.ListArtworkBlocksAsync(block.Header.ArtworkId));
        await Refusals.AssertStatus(403, () => client.PutBlockAsync(block.Id, block.Bytes)); // listed on the ticket, but no member
        Assert.Equal(0, nodes[server].Storage.BlockCount);
    }
}
