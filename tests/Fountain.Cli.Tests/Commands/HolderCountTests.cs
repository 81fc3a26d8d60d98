using Fountain.Cli.Commands;
using Fountain.Cli.Tests.Support;

namespace Fountain.Cli.Tests.Commands;

/// <summary>Asking for more holders per block than there are masternodes is said, with the numbers, not silently cut.</summary>
public sealed class HolderCountTests
{
    [Fact]
    public async Task The_demo_refuses_more_holders_than_nodes_before_starting_anything()
    {
        var run = await FountainProcess.RunAsync(TimeSpan.FromSeconds(60), null, "cluster", "demo", "--nodes", "6", "--holders", "10");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("10 holders per block were asked for, but the network has 6 masternodes", run.Stderr);
        Assert.DoesNotContain("started a development chain", run.Stderr);
    }

    [Fact]
    public void Enough_nodes_for_the_holders_is_no_warning()
    {
        Assert.Null(ClusterCommands.MoreHoldersThanNodes(6, 6));
        Assert.Contains("it gets 6 copies, not 10", ClusterCommands.MoreHoldersThanNodes(10, 6));
    }
}
