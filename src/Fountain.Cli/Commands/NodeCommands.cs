using System.CommandLine;
using Fountain.Chain.Http;
using Fountain.Chain.Identity;
using Fountain.Cli.Configuration;
using Fountain.Cli.Terminal;
using Fountain.Node.Client;
using Fountain.Node.Configuration;
using Fountain.Node.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Fountain.Cli.Commands;

/// <summary>
/// `fountain node run`: a masternode (issue 4, item 2) with the settings of fountain.node (and fountain.codec for
/// archives it encodes) from the defaults, the --config file, FOUNTAIN__ variables and --set; options win over all. It runs until Ctrl-C or
/// SIGTERM, then stops cleanly. `fountain node status`: a running node's figures, asked with a signed request.
/// Exit code 0 on a clean stop or answer, 1 on any error, with the reason on standard error.
/// </summary>
internal static class NodeCommands
{
    public static IEnumerable<Command> Create()
    {
        var node = new Command("node", "Run a masternode, or ask one for its status.");
        node.Subcommands.Add(Run());
        node.Subcommands.Add(Status());
        yield return node;
    }

    private static Command Run()
    {
        var config = FountainConfig.ConfigOption("fountain.node, fountain.challenges, fountain.healing, fountain.codec ...");
        var sets = FountainConfig.SetOption();
        var data = new Option<string?>("--data") { Description = "Data folder (key, blocks, index); overrides fountain.node.data-folder." };
        var listen = new Option<string?>("--listen") { Description = "Listen URL, e.g. http://127.0.0.1:7101 (port 0: any free port); overrides fountain.node.listen-url." };
        var chain = new Option<string?>("--chain") { Description = "The chain's URL; overrides fountain.node.chain-url." };
        var command = new Command("run", "Run a masternode: create its key and data folder on first start, register on the chain, serve blocks, report storage each height.")
        {
            config, sets, data, listen, chain,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            try
            {
                var loaded = FountainConfig.Load(parse.GetValue(config), parse.GetValue(sets));
                var settings = loaded.Read(CodecSettings.Read).ForNode(loaded.Read(NodeSettings.Read));
                if (parse.GetValue(data) is { } folder) settings = settings with { DataFolder = folder };
                if (parse.GetValue(listen) is { } url) settings = settings with { ListenUrl = url };
                if (parse.GetValue(chain) is { } chainUrl) settings = settings with { ChainUrl = chainUrl };
                if (!Uri.TryCreate(settings.ChainUrl, UriKind.Absolute, out var chainUri)) throw new FormatException($"chain URL '{settings.ChainUrl}' is not an absolute URL");

                using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
                    .SetMinimumLevel(settings.LogToConsole ? LogLevel.Information : LogLevel.Warning));
                using var chainClient = new ChainClient(chainUri, settings.RequestTimeout);
                using var stop = new StopSignal(cancellation);
                await using var host = await NodeHost.StartAsync(settings, chainClient, TimeProvider.System, loggers, stop.Token);
                var cluster = host.ClusterAddress is { } address ? $"; cluster member {address}" : "; alone (no cluster)";
                Ui.Out.MarkupLine($"masternode [bold]{host.NodeId}[/] serving at {Markup.Escape(host.Endpoint.ToString())}{Markup.Escape(cluster)} (data: {Markup.Escape(Path.GetFullPath(settings.DataFolder))}); Ctrl-C or SIGTERM stops it");
                try { await Task.Delay(Timeout.Infinite, stop.Token); }
                catch (OperationCanceledException) { }
                // Disposing the host stops it: the node leaves the cluster (its artworks handed off) before the process exits.
                Ui.Step("stopping ...");
                return CliAction.Success;
            }
            catch (OperationCanceledException)
            {
                return CliAction.Success;
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException or ChainClientException
                                       or IOException or ArgumentException or FormatException or UnauthorizedAccessException or InvalidDataException)
            {
                Ui.Error(e.Message);
                return CliAction.Failure;
            }
        });
        return command;
    }

    private static Command Status()
    {
        var endpoint = new Option<string>("--endpoint") { Description = "The node's URL, e.g. http://127.0.0.1:7101.", Required = true };
        var key = new Option<string>("--key") { Description = "PEM key of a registered masternode to sign the request with (a node's data-folder/node.key).", Required = true };
        var command = new Command("status", "Ask a masternode for its id, the height it has seen and its Total/Used/Free bytes.") { endpoint, key };
        command.SetAction(async (parse, cancellation) =>
        {
            try
            {
                if (!Uri.TryCreate(parse.GetValue(endpoint), UriKind.Absolute, out var uri)) throw new FormatException($"'{parse.GetValue(endpoint)}' is not an absolute URL");
                using var signer = NodeKey.Load(parse.GetValue(key)!);
                using var http = NodeClient.CreateHttpClient();
                var status = await new NodeClient(http, uri, signer).GetStatusAsync(cancellation);
                Console.WriteLine($"node      {status.NodeId}");
                Console.WriteLine($"endpoint  {status.Endpoint}");
                Console.WriteLine($"height    {status.HeightSeen}");
                Console.WriteLine($"total     {status.TotalBytes} bytes");
                Console.WriteLine($"used      {status.UsedBytes} bytes ({status.PendingBytes} pending)");
                Console.WriteLine($"free      {status.FreeBytes} bytes");
                Console.WriteLine($"blocks    {status.BlockCount}");
                Console.WriteLine($"scrubbing {status.QuarantinedBlocks} corrupt blocks quarantined");
                Console.WriteLine($"refused   {status.RefusedHolderReads} block reads by the blocks' own placed holders (possible outsourcing)");
                return CliAction.Success;
            }
            catch (Exception e) when (e is NodeRequestException or IOException or FormatException or InvalidDataException or UnauthorizedAccessException)
            {
                Ui.Error(e.Message);
                return CliAction.Failure;
            }
        });
        return command;
    }
}
