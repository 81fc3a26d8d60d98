using Fountain.Chain;
using Fountain.Chain.Dev;
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
}
