using Fountain.Node.Client;
using Fountain.Node.Configuration;
using Fountain.Node.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Fountain.Node.Tests.Hosting;

public sealed class NodeHostTests
{
    [Fact]
    public async Task A_node_registers_once_reports_each_new_height_and_a_restart_keeps_its_identity_and_blocks()
    {
        await using var nodes = await TestNodes.StartAsync(1, s => s with { HoldersPerBlock = 1 });
        var id = nodes[0].NodeId;
        var registered = Assert.Single(await nodes.Chain.GetMasternodesAsync());
        Assert.Equal((id, nodes[0].Endpoint.ToString()), (registered.Id, registered.Endpoint));
        Assert.True(File.Exists(Path.Combine(nodes[0].Settings.DataFolder, "node.key")));

        var blocks = TestBlocks.Make(5);
        var client = nodes.Client(0, nodes[0].Key);
        foreach (var b in blocks) await client.PutBlockAsync(b.Id, b.Bytes);

        await nodes[0].Reporter.RunOnceAsync(default);
        await nodes[0].Reporter.RunOnceAsync(default); // same height: no second report
        nodes.Chain.Advance();
        nodes.RefreshMemberships();
        await nodes[0].Reporter.RunOnceAsync(default);
        var reports = nodes.Chain.Reports;
        Assert.Equal([1L, 2L], reports.Select(r => r.Height));
        var used = blocks.Sum(b => (long)b.Bytes.Length);
        Assert.Equal((256L << 20, used, (256L << 20) - used), (reports[1].Report.TotalBytes, reports[1].Report.UsedBytes, reports[1].Report.FreeBytes));

        var actors = nodes[0].Actors;
        var oldEndpoint = nodes[0].Endpoint;
        var journal = Path.Combine(Path.GetFullPath(nodes[0].Settings.DataFolder), JournalSettings.SqliteFileName);
        await nodes.StopAsync(0);
        Assert.True(actors.WhenTerminated.IsCompleted); // the actor system, its codec threads and timers are gone
        Assert.Equal(0, nodes.Clock.ActiveTimers); // the reporter's timer is gone
        Assert.Empty(OpenFilesUnder(journal)); // the journal is closed: a stopped node can be moved or backed up
        Assert.Equal("wal", JournalMode(journal));
        using var anyone = Fountain.Chain.Identity.NodeKey.Create();
        var refused = await Assert.ThrowsAsync<NodeRequestException>(() => new NodeClient(nodes.Http, oldEndpoint, anyone).GetStatusAsync());
        Assert.Null(refused.StatusCode); // nothing listens any more

        var restarted = await nodes.RestartAsync(0);
        Assert.Equal(id, restarted.NodeId);
        Assert.Equal(oldEndpoint, restarted.Endpoint); // asked for any port, it takes the one the chain lists it at
        Assert.Single(await nodes.Chain.GetMasternodesAsync()); // not registered twice
        Assert.Equal((5L, used), (restarted.Storage.BlockCount, restarted.Storage.UsedBytes));
        var again = new NodeClient(nodes.Http, restarted.Endpoint, restarted.Key, nodes.Clock);
        foreach (var b in blocks) Assert.Equal(b.Bytes, await again.GetBlockAsync(b.Id));
    }

    /// <summary>This process's open files whose path starts with <paramref name="path"/> (the journal, its -wal and -shm); Linux only, empty elsewhere.</summary>
    internal static IReadOnlyList<string> OpenFilesUnder(string path)
    {
        if (!Directory.Exists("/proc/self/fd")) return [];
        var open = new List<string>();
        foreach (var fd in Directory.EnumerateFiles("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith(path, StringComparison.Ordinal)) open.Add(target);
            }
            catch (IOException)
            {
                // closed while listed
            }
        }
        return open;
    }

    internal static string JournalMode(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        return (string)command.ExecuteScalar()!;
    }
}
