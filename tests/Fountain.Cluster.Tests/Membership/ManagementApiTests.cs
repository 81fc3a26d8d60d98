using System.Net;
using Fountain.Chain.Identity;
using Fountain.Node.Client;
using Fountain.Node.Cluster;

namespace Fountain.Cluster.Tests.Membership;

/// <summary>
/// The cluster's management on the node's signed API: any masternode may read it, a stranger may not; only the node's
/// own key may change the cluster through it, so one hostile member cannot take others out by asking their nodes.
/// </summary>
public sealed class ManagementApiTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fountain-management-").FullName;
    private readonly HttpClient _http = NodeClient.CreateHttpClient();
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await MemberNodes.StartAsync(3, _folder);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _cluster.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    private ClusterManagementClient Client(int node, NodeKey signer) => new(_http, _cluster.Node(node).Endpoint, signer);

    [Fact]
    public async Task Members_read_it_strangers_do_not_and_only_the_nodes_own_key_changes_the_cluster()
    {
        var addresses = _cluster.RunningNodes.Select(n => n.ClusterMembership!.Address).ToList();
        await MemberNodes.EventuallyAsync(() => MemberNodes.AllSeeUp(_cluster.RunningNodes, addresses), TimeSpan.FromSeconds(20), "all three Up in one cluster");

        // Another member reads node 0's view: three members, reachable, one leader, each named by its chain id.
        var view = await Client(0, _cluster.Node(1).Key).ShowAsync();
        Assert.Equal(addresses.Order(), view.Members.Select(m => m.Address).Order());
        Assert.All(view.Members, m => Assert.True(m.Reachable && m.Status == "Up"));
        Assert.Contains(view.Leader, addresses);
        Assert.Equal(_cluster.RunningNodes.Select(n => n.NodeId).Order(), view.Members.Select(m => m.NodeId!).Order());
        Assert.Null(view.ShardStatsError);

        using var stranger = NodeKey.Create();
        var refused = await Assert.ThrowsAsync<NodeRequestException>(() => Client(0, stranger).ShowAsync());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // A member asks node 0 to down node 2: refused; node 2 stays.
        var hostile = await Assert.ThrowsAsync<NodeRequestException>(() => Client(0, _cluster.Node(1).Key).DownAsync(_cluster.Node(2).NodeId));
        Assert.Equal(HttpStatusCode.Forbidden, hostile.StatusCode);
        Assert.True(MemberNodes.AllSeeUp(_cluster.RunningNodes, addresses));

        // Node 0's operator has node 2 leave, named by its id: it leaves, handing its shards off, and the others see it go.
        var result = await Client(0, _cluster.Node(0).Key).LeaveAsync(_cluster.Node(2).NodeId[..12]);
        Assert.True(result.Accepted, result.Message);
        Assert.Equal(addresses[2], result.Address);
        var remaining = addresses.Take(2).ToList();
        await MemberNodes.EventuallyAsync(() => MemberNodes.AllSeeUp(_cluster.RunningNodes.Take(2), remaining), TimeSpan.FromSeconds(15), "node 2 left");

        // A command Akka cannot carry out is refused with the reason, not accepted silently.
        await MemberNodes.EventuallyAsync(() => MemberNodes.ClusterOf(_cluster.Node(0)).State.Members.All(m => m.Address.ToString() != addresses[2]), TimeSpan.FromSeconds(10),
            "node 2 removed");
        var again = await Client(0, _cluster.Node(0).Key).DownAsync(addresses[2]);
        Assert.False(again.Accepted);
        Assert.Contains("not a member", again.Message);
    }
}
