using Fountain.Chain;
using Fountain.Chain.Dev;
using Fountain.Chain.Http;
using Fountain.Chain.Identity;
using Fountain.Node.Client;
using Fountain.Node.Configuration;
using Fountain.Node.Hosting;
using Fountain.Node.Tests.Support;

namespace Fountain.Node.Tests.Hosting;

/// <summary>The node against the real development chain (in process): funding, registration, reports.</summary>
public sealed class DevChainTests
{
    [Fact]
    public async Task A_fresh_node_funds_its_collateral_from_the_faucet_registers_and_its_storage_report_is_accepted()
    {
        using var folder = new TempFolder();
        await using var chain = DevChain.StartInMemory(new ChainOptions(), TimeProvider.System);
        var settings = new NodeSettings { DataFolder = folder.Sub("node"), ListenUrl = "http://127.0.0.1:0", ReportInterval = TimeSpan.FromHours(1) };
        await using var node = await NodeHost.StartAsync(settings, chain);

        var registered = Assert.Single(await chain.GetMasternodesAsync());
        Assert.Equal((node.NodeId, node.Endpoint.ToString(), settings.CollateralBaseUnits), (registered.Id, registered.Endpoint, registered.CollateralBaseUnits));
        await node.Reporter.RunOnceAsync(default);
        Assert.Equal(new Fountain.Chain.Model.StorageReport(settings.CapacityBytes, 0, settings.CapacityBytes, registered.RegisteredAtHeight),
            (await chain.GetMasternodesAsync())[0].Storage);
    }

    [Fact]
    public async Task Three_nodes_on_the_chain_served_over_HTTP_store_an_archive_the_owner_registers_and_every_block_is_confirmed()
    {
        using var folder = new TempFolder();
        await using var chain = DevChain.StartInMemory(new ChainOptions(), TimeProvider.System);
        await using var server = await ChainServer.StartAsync(chain, new ChainServerOptions { Listen = "http://127.0.0.1:0" });
        using var chainClient = new ChainClient(server.Address);
        var clock = new Fountain.Testing.ManualClock(DateTimeOffset.UtcNow);
        var hosts = new List<NodeHost>();
        try
        {
            for (int i = 0; i < 3; i++)
            {
                clock.Advance(new NodeSettings().MembershipRefresh); // each new node sees the ones before it
                hosts.Add(await NodeHost.StartAsync(new NodeSettings
                {
                    DataFolder = folder.Sub($"node-{i}"), ListenUrl = "http://127.0.0.1:0", HoldersPerBlock = 2,
                    Layout = TestBlocks.SmallLayout, Redundancy = 3, ReportInterval = TimeSpan.FromHours(1),
                }, chainClient, clock));
            }
            await chain.SealNowAsync(); // registrations count from the height that includes them
            clock.Advance(new NodeSettings().MembershipRefresh);
            foreach (var host in hosts) await host.Reporter.RunOnceAsync(default); // a report from a later height makes a member
            await chain.SealNowAsync();
            clock.Advance(new NodeSettings().MembershipRefresh);
            using var owner = NodeKey.Create();
            var archive = TestBlocks.Archive(60_000, seed: 8);
            var path = folder.Sub("archive");
            await File.WriteAllBytesAsync(path, archive);
            using var http = NodeClient.CreateHttpClient();
            var draft = await new NodeClient(http, hosts[1].Endpoint, owner, clock).StoreArchiveAsync(path);
            Assert.Equal(2, draft.MinimumAcknowledgements);

            // The owner pays the fee: fund it, then register the ticket from the draft.
            var chainId = await chainClient.GetChainIdAsync();
            var faucet = await chainClient.SubmitAsync(Fountain.Chain.Transactions.SignedTransaction.Create(
                new Fountain.Chain.Transactions.Transaction(chainId, 0, new Fountain.Chain.Transactions.Faucet(1_000_000 * 100_000_000L)), owner));
            Assert.True(faucet.Accepted, faucet.Rejection);
            var register = await chainClient.SubmitAsync(Fountain.Chain.Transactions.SignedTransaction.Create(
                new Fountain.Chain.Transactions.Transaction(chainId, 1, draft.ToRegisterArtwork(maxFeeBaseUnits: 1_000_000 * 100_000_000L)), owner));
            Assert.True(register.Accepted, register.Rejection);

            clock.Advance(new NodeSettings().TicketCacheTtl); // past the nodes' ticket cache lifetime
            foreach (var host in hosts) await host.Reporter.RunOnceAsync(default);
            Assert.All(hosts, h => Assert.Equal(0, h.Store.PendingBytes));
            Assert.Equal(draft.Blocks.Count * 2, hosts.Sum(h => h.Storage.BlockCount));
        }
        finally
        {
            foreach (var host in hosts) await host.DisposeAsync();
        }
    }
}
