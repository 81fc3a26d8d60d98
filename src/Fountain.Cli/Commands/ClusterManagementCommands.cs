using System.CommandLine;
using System.Text.Json;
using Fountain.Actors.Cluster;
using Fountain.Chain.Identity;
using Fountain.Cli.Terminal;
using Fountain.Node.Client;
using Fountain.Node.Cluster;

namespace Fountain.Cli.Commands;

/// <summary>
/// `fountain cluster show|leave|down|join`: the masternodes' Akka cluster managed through one node's signed API
/// (<see cref="ClusterManagementClient"/>), like Petabridge.Cmd. show may be signed by any registered masternode's key;
/// leave, down and join only by the node's own key (its data-folder/node.key), its operator's. `--json` prints the
/// node's answer as JSON. Exit code 0 when the node answered (and, for a command, accepted it), 1 otherwise.
/// </summary>
internal static class ClusterManagementCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Show();
        yield return Command("leave", "Have a member leave the cluster gracefully: its artwork shards are handed off first.", (c, t, ct) => c.LeaveAsync(t, ct),
            "The member: its masternode id (or a unique prefix) or its cluster address akka.tcp://fountain@host:port.");
        yield return Command("down", "Mark a member down (one that crashed or will not leave): it is removed without a hand-off and its shards start elsewhere.",
            (c, t, ct) => c.DownAsync(t, ct), "The member: its masternode id (or a unique prefix) or its cluster address.");
        yield return Command("join", "Have the node join the cluster through a masternode the chain lists (after it left, or when its seeds were down).",
            (c, t, ct) => c.JoinAsync(t, ct), "The masternode to join through: its id (or a unique prefix) or its cluster address.");
    }

    private static Option<string> EndpointOption() =>
        new("--endpoint") { Description = "The node's URL, e.g. http://127.0.0.1:7101.", DefaultValueFactory = _ => "http://127.0.0.1:7100" };

    private static Option<string> KeyOption(string who) => new("--key") { Description = who, Required = true };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print the node's answer as JSON." };

    private static Command Show()
    {
        var endpoint = EndpointOption();
        var key = KeyOption("PEM key of a registered masternode to sign with (e.g. the node's data-folder/node.key).");
        var json = JsonOption();
        var command = new Command("show", "The cluster as one node sees it: members, status, reachability, leader, roles, artwork shards and actors per member.")
        {
            endpoint, key, json,
        };
        command.SetAction(async (parse, cancellation) => await RunAsync(parse.GetValue(endpoint)!, parse.GetValue(key)!, async client =>
        {
            var view = await client.ShowAsync(cancellation);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(view, ClusterJson.Default.ClusterView));
            else Print(view);
            return CliAction.Success;
        }));
        return command;
    }

    private static Command Command(string name, string description, Func<ClusterManagementClient, string, CancellationToken, Task<ClusterCommandResult>> send, string targetDescription)
    {
        var target = new Argument<string>("member") { Description = targetDescription };
        var endpoint = EndpointOption();
        var key = KeyOption("The node's own PEM key (its data-folder/node.key): only its operator may change the cluster through it.");
        var json = JsonOption();
        var command = new Command(name, description) { target, endpoint, key, json };
        command.SetAction(async (parse, cancellation) => await RunAsync(parse.GetValue(endpoint)!, parse.GetValue(key)!, async client =>
        {
            var result = await send(client, parse.GetValue(target)!, cancellation);
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(result, ClusterJson.Default.ClusterCommandResult));
            else if (result.Accepted) Console.WriteLine($"{name} {result.Address}: {result.Message}");
            else Ui.Error($"{name} {result.Address} refused: {result.Message}");
            return result.Accepted ? CliAction.Success : CliAction.Failure;
        }));
        return command;
    }

    private static async Task<int> RunAsync(string endpoint, string keyPath, Func<ClusterManagementClient, Task<int>> body)
    {
        try
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)) throw new FormatException($"'{endpoint}' is not an absolute URL");
            using var signer = NodeKey.Load(keyPath);
            using var http = NodeClient.CreateHttpClient();
            return await body(new ClusterManagementClient(http, uri, signer));
        }
        catch (Exception e) when (e is NodeRequestException or IOException or FormatException or InvalidDataException or UnauthorizedAccessException)
        {
            Ui.Error(e.Message);
            return CliAction.Failure;
        }
    }

    private static void Print(ClusterView view)
    {
        Console.WriteLine($"self    {view.Self}");
        Console.WriteLine($"leader  {view.Leader ?? "(none)"}");
        Console.WriteLine($"members {view.Members.Count}");
        foreach (var m in view.Members)
        {
            var marks = (m.IsLeader ? " leader" : "") + (m.IsSelf ? " self" : "");
            var load = m.Shards is { } shards ? $"{shards} shards, {m.Entities} artworks" : "shards unknown";
            var roles = m.Roles.Count == 0 ? "" : $" roles {string.Join(',', m.Roles)}";
            Console.WriteLine($"  {m.Address}  {m.Status}  {(m.Reachable ? "reachable" : "UNREACHABLE")}  {load}  node {m.NodeId?[..Math.Min(12, m.NodeId.Length)] ?? "(not on the chain)"}{roles}{marks}");
        }
        if (view.ShardStatsError is { } error) Console.WriteLine($"shards: {error}");
    }
}
