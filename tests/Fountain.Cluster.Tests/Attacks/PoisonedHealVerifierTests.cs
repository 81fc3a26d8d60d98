using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Cluster.Tests.Healing;
using Fountain.Codec.Blocks;
using Fountain.Codec.Hashing;
using Fountain.Codec.Lt;
using Fountain.Node.Client;
using Fountain.Node.Healing;
using Fountain.Node.Network;
using Fountain.Node.Protocol;

namespace Fountain.Cluster.Tests.Attacks;

/// <summary>
/// Issue 12, hole 1, the verifier's end: the epoch's custodian primary places blocks of random payload (right artwork,
/// header, fresh indices, each named by its own hash) on their holders and asks its verifier to sign the amendment. The
/// verifier used to sign (it checked ids, artwork and index only); now it decodes the archive and encodes the new
/// indices again, and refuses. The same request with the genuine blocks of those indices is signed.
/// </summary>
public sealed class PoisonedHealVerifierTests
{
    [Fact(Timeout = 180_000)]
    public async Task A_verifier_refuses_to_sign_blocks_the_archive_does_not_encode_to_and_signs_genuine_ones()
    {
        await using var cluster = await HealingCluster.StartAsync(nodes: 5, holdersPerBlock: 2);
        var (ticket, archive) = await cluster.StoreAsync(60_000, watch: false);
        var state = cluster.Cluster.Chain.State;
        var epoch = state.Head;
        var custodians = Custody.Custodians(ticket.ArtworkId, epoch, state.Masternodes.Values, 2);
        var primary = cluster.Cluster.RunningNodes.Single(n => n.NodeId == custodians[0]);
        var masternodes = await cluster.Cluster.ChainClient.GetMasternodesAsync();
        var byId = masternodes.ToDictionary(m => m.Id, StringComparer.Ordinal);
        using var http = NodeClient.CreateHttpClient();
        var peers = new HttpPeers(http, primary.Key, TimeProvider.System, new NodeClientOptions());
        var verifyTimeout = TimeSpan.FromSeconds(60);
        var eligible = Placement.EligibleIds(masternodes, epoch.Height);

        var artworkId = Hash256.Parse(ticket.ArtworkId);
        var c = ticket.Codec;
        var parameters = new LtParameters(c.ArchiveLength, c.SourceSymbols, c.SymbolBytes, c.SymbolsPerBlock, c.C, c.Delta);
        uint first = ticket.HighestIndex + 1;
        const int Added = 4;

        // Places each block on its holders as a heal would, and lists it.
        async Task<List<TicketBlock>> PlaceAsync(Func<uint, byte[]> make)
        {
            var listed = new List<TicketBlock>();
            for (uint index = first; index < first + Added; index++)
            {
                var bytes = make(index);
                var id = Sha3.Hash(bytes);
                int acknowledged = 0;
                foreach (var holder in Placement.HoldersOf(id, eligible, ticket.HoldersPerBlock))
                {
                    await peers.PutBlockAsync(byId[holder], id, bytes, CancellationToken.None);
                    acknowledged++;
                }
                Assert.True(acknowledged > 0);
                listed.Add(new TicketBlock(index, id.ToString()));
            }
            return listed;
        }

        var random = new Random(7);
        var forged = await PlaceAsync(index =>
        {
            var header = new BlockHeader(artworkId, parameters, index, LtEncoder.BlockSeedFor(artworkId, index));
            var bytes = new byte[header.BlockBytes];
            header.WriteTo(bytes);
            random.NextBytes(bytes.AsSpan(BlockHeader.Size));
            return bytes;
        });
        VerifyAmendmentRequest Request(IReadOnlyList<TicketBlock> added) =>
            new(ticket.ArtworkId, epoch.Height, ticket.Amendments.Count, primary.NodeId, "heal: redundancy below target", added);

        foreach (var verifier in custodians.Skip(1))
        {
            var refused = await Assert.ThrowsAsync<NodeRequestException>(() => peers.VerifyAmendmentAsync(byId[verifier], Request(forged), verifyTimeout, CancellationToken.None));
            Assert.Contains("not the block the artwork encodes to", refused.Message);
        }

        var worker = new LtEncoder(artworkId, archive, parameters).CreateWorker();
        var genuine = await PlaceAsync(index => { worker.Encode(index); return worker.Block.ToArray(); });
        var signed = await peers.VerifyAmendmentAsync(byId[custodians[1]], Request(genuine), verifyTimeout, CancellationToken.None);
        Assert.True(signed.BlocksChecked > 0);
    }
}
