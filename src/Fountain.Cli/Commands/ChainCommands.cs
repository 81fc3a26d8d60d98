using Fountain.Cli.Terminal;
using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Fountain.Chain;
using Fountain.Chain.Configuration;
using Fountain.Chain.Dev;
using Fountain.Chain.Http;
using Fountain.Chain.Model;
using Fountain.Chain.Persistence;
using Fountain.Cli.Configuration;
using Fountain.Economics;
using Fountain.Economics.Perpetual;
using Fountain.Economics.Pricing;

namespace Fountain.Cli.Commands;

/// <summary>
/// `fountain chain run` (the development chain: SQLite or PostgreSQL log, HTTP server, a height every few seconds;
/// Ctrl-C stops it cleanly) and `fountain chain status`. The chain-side helpers the account and price commands share
/// live here too: talking to a chain, printing text or JSON. Its settings are Fountain.Chain's <see cref="ChainSettings"/>.
/// </summary>
internal static class ChainCommands
{
    public const int Success = 0;
    public const int Failed = 1;

    public static IEnumerable<Command> Create()
    {
        var chain = new Command("chain", "The development chain: masternodes, artwork tickets, accounts, rewards (DESIGN.md, \"The chain port\").");
        chain.Subcommands.Add(Run());
        chain.Subcommands.Add(Status());
        yield return chain;
    }

    private static Command Run()
    {
        var config = FountainConfig.ConfigOption("fountain.chain, fountain.economics");
        var data = new Option<string?>("--data") { Description = "Folder of the chain's SQLite log (default: fountain.chain.storage.data-directory)." };
        var listen = new Option<string?>("--listen") { Description = "URL to serve on, e.g. http://127.0.0.1:7000 (default: fountain.chain.http.listen; loopback)." };
        var sets = FountainConfig.SetOption();
        var command = new Command("run", "Run the development chain until Ctrl-C: replays its log, seals a height every interval, serves HTTP.") { config, sets, data, listen };
        command.SetAction(async (parse, cancellation) =>
        {
            var output = new ChainOutput(parse, json: false);
            return await output.Guard(async () =>
            {
                var settings = FountainConfig.Load(parse.GetValue(config), parse.GetValue(sets)).Read(ChainSettings.Read);
                var server = settings.Server with { Listen = parse.GetValue(listen) ?? settings.Server.Listen };
                if (server.Validate() is { } badServer) return output.Usage(badServer);
                await using var chain = settings.Backend == "postgres"
                    ? await DevChain.StartAsync(await PostgresChainLog.OpenAsync(settings.PostgresConnectionString, settings.PostgresTable, cancellation), settings.Chain, TimeProvider.System, cancellation: cancellation)
                    : await DevChain.StartAsync(parse.GetValue(data) ?? settings.DataDirectory, settings.Chain, TimeProvider.System, cancellation);
                await using var http = await ChainServer.StartAsync(chain, server, cancellation);
                var head = await chain.GetHeadAsync(cancellation);
                output.Lines(
                    ("chain", chain.ChainId),
                    ("listening", http.Address.ToString()),
                    ("log", settings.Backend == "postgres" ? $"PostgreSQL table {settings.PostgresTable}" : Path.GetFullPath(Path.Combine(parse.GetValue(data) ?? settings.DataDirectory, DevChain.LogFileName))),
                    ("head", $"height {head.Height}, {head.Hash}"),
                    ("heights", $"every {settings.Chain.HeightInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"),
                    ("faucet", settings.Chain.FaucetEnabled ? "enabled (development only)" : "disabled"),
                    ("", "Ctrl-C stops the chain."));
                // Ctrl-C (SIGINT) and SIGTERM end the wait; the chain and the server are then disposed in order, so
                // every accepted transaction is already in the log and the next start replays to the same head.
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
                using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
                try { await Task.Delay(Timeout.Infinite, stop.Token); }
                catch (OperationCanceledException) { }
                output.Lines(("stopped", $"at height {(await chain.GetHeadAsync(CancellationToken.None)).Height}"));
                return Success;
            });
        });
        return command;
    }

    private static Command Status()
    {
        var chainUrl = ChainOption();
        var json = JsonOption();
        var command = new Command("status", "Show a chain's id, head, masternodes and network figures.") { chainUrl, json };
        command.SetAction(async (parse, cancellation) =>
        {
            var output = new ChainOutput(parse, parse.GetValue(json));
            return await output.Guard(async () =>
            {
                using var client = Client(parse.GetValue(chainUrl)!);
                var info = await client.GetInfoAsync(cancellation);
                var head = await client.GetHeadAsync(cancellation);
                var nodes = await client.GetMasternodesAsync(cancellation);
                var network = await client.GetNetworkAsync(cancellation);
                output.Emit(w =>
                {
                    w.WriteString("chainId", info.ChainId);
                    w.WriteNumber("height", head.Height);
                    w.WriteString("hash", head.Hash);
                    w.WriteNumber("masternodes", nodes.Count);
                    w.WriteNumber("offlineMasternodes", nodes.Count(n => n.Offline));
                    w.WriteNumber("reportedTotalBytes", network.ReportedTotalBytes);
                    w.WriteNumber("reportedUsedBytes", network.ReportedUsedBytes);
                    w.WriteNumber("claimedBytes", network.ClaimedBytes);
                    w.WriteNumber("rewardPoolTokens", new Tokens(network.RewardPoolBaseUnits).ToDecimal());
                },
                [
                    ("chain", info.ChainId),
                    ("head", $"height {head.Height}, {head.Hash}, {head.Time:u}"),
                    ("masternodes", $"{nodes.Count} ({nodes.Count(n => n.IsEligibleAt(head.Height))} eligible, {nodes.Count(n => n.Offline)} offline)"),
                    ("storage", $"{network.ReportedTotalBytes} bytes total, {network.ReportedUsedBytes} used (fresh reports)"),
                    ("claimed (X)", $"{network.ClaimedBytes} bytes"),
                    ("pricing", $"{network.PricingModel}, payment {network.StoragePaymentModel}"),
                    ("reward pool", TokenText.FromBaseUnits(network.RewardPoolBaseUnits)),
                ]);
                return Success;
            });
        });
        return command;
    }

    /// <summary>
    /// `fountain price quote --chain URL`: the chain's current figures (X, the supply statistic, the rules) and, with
    /// --bytes or --tokens, the LOCK quote they give, computed exactly as the chain computes it; with --model perpetual
    /// and --bytes, the registration fee the chain would charge.
    /// </summary>
    public static int QuoteFromChain(ParseResult parse, string url, long? bytes, string? tokensText, bool perpetual, bool json)
    {
        var output = new ChainOutput(parse, json);
        return output.Guard(async () =>
        {
            using var client = Client(url);
            var n = await client.GetNetworkAsync();
            if (perpetual)
            {
                if (bytes is not { } size) return output.Usage("--model perpetual needs --bytes");
                var options = PerpetualFeeOptions.Default with
                {
                    YearlyCostTokensPerGigabyte = n.PerpetualYearlyCostTokensPerGigabyte,
                    YearlyCostDecline = n.PerpetualYearlyCostDecline,
                    Replicas = n.PerpetualReplicas,
                };
                var fee = PerpetualFee.Quote(options, size);
                if (!fee.IsOk) return output.Refuse(fee.Rejection!);
                output.Emit(w =>
                {
                    w.WriteString("model", "perpetual");
                    w.WriteNumber("height", n.Height);
                    w.WriteNumber("bytes", size);
                    w.WriteNumber("tokens", fee.Value.Fee.ToDecimal());
                    w.WriteNumber("replicas", fee.Value.Replicas);
                }, [("height", n.Height.ToString(CultureInfo.InvariantCulture)), ("bytes", size.ToString(CultureInfo.InvariantCulture)), ("fee", TokenText.Format(fee.Value.Fee)), .. fee.Value.Explain().Select(l => ("", l))]);
                return Success;
            }
            if (!PricingModelNames.TryParse(n.PricingModel, out var model)) return output.Usage($"the chain prices with '{n.PricingModel}', which this program does not know");
            var pricing = ShiftPricingOptions.Default with
            {
                Model = model,
                Shift2018C = n.Shift2018C,
                Replication = n.Replication,
                ConversionTokens = new Tokens(n.ConversionBaseUnits),
                ConversionBytes = n.ConversionBytes,
                ShippedReserveFraction = n.ShippedReserveFraction,
            };
            Result<PriceQuote>? quote = null;
            if (bytes is not null && tokensText is not null) return output.Usage("give at most one of --bytes and --tokens");
            if (bytes is { } z) quote = ShiftPricing.QuoteTokensForBytes(pricing, n.ClaimedBytes, n.SupplyFigureBytes, z);
            else if (tokensText is not null)
            {
                if (!Tokens.TryParse(tokensText, out var p, out var error)) return output.Usage($"--tokens: {error}");
                quote = ShiftPricing.QuoteBytesForTokens(pricing, n.ClaimedBytes, n.SupplyFigureBytes, p);
            }
            if (quote is { IsOk: false } refused) return output.Refuse(refused.Rejection!);
            var q = quote?.Value;
            var stale = n.Height + 1 - n.SupplyAgreedAtHeight > n.MaxSupplyAgeHeights;
            output.Emit(w =>
            {
                w.WriteString("model", n.PricingModel);
                w.WriteNumber("height", n.Height);
                w.WriteNumber("claimedBytes", n.ClaimedBytes);
                w.WriteNumber("supplyFigureBytes", n.SupplyFigureBytes);
                w.WriteNumber("supplyAgreedAtHeight", n.SupplyAgreedAtHeight);
                w.WriteBoolean("supplyStale", stale);
                w.WriteNumber("reportedTotalBytes", n.ReportedTotalBytes);
                w.WriteNumber("reportedFreeBytes", n.ReportedFreeBytes);
                w.WriteNumber("c", n.C);
                if (q is not null)
                {
                    w.WriteNumber("bytes", q.Bytes);
                    w.WriteNumber("tokens", q.Tokens.ToDecimal());
                    w.WriteNumber("supplyBytes", q.SupplyBytes);
                }
            },
            [
                ("model", n.PricingModel),
                ("height", n.Height.ToString(CultureInfo.InvariantCulture)),
                ("claimed (X)", $"{n.ClaimedBytes} bytes"),
                ("supply figure", $"{n.SupplyFigureBytes} bytes ({(model == PricingModel.ShiftShipped ? "total" : "free")}), agreed at height {n.SupplyAgreedAtHeight}{(stale ? " — STALE: LOCK is refused until a round closes with reports" : "")}"),
                ("reported", $"{n.ReportedTotalBytes} bytes total, {n.ReportedFreeBytes} free, by {n.Masternodes} masternodes"),
                ("C", n.C.ToString(CultureInfo.InvariantCulture)),
                .. q is null ? Array.Empty<(string, string)>() :
                [
                    ("bytes (Z)", q.Bytes.ToString(CultureInfo.InvariantCulture)),
                    ("tokens (P)", q.Tokens.ToString()),
                    ("supply (Y)", $"{q.SupplyBytes} bytes"),
                ],
            ]);
            return Success;
        }).GetAwaiter().GetResult();
    }

    public static Option<string> ChainOption() => new("--chain") { Description = "The chain's URL, e.g. http://127.0.0.1:7000.", Required = true };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print JSON: bytes as integers under \"bytes\", tokens as decimals under \"tokens\"." };

    public static ChainClient Client(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"--chain: '{url}' is not an http:// or https:// URL");
        return new ChainClient(uri);
    }
}

/// <summary>Text or JSON on standard output, one-line errors on standard error, and the exit code that goes with them.</summary>
internal sealed class ChainOutput(ParseResult parse, bool json)
{
    private TextWriter Out => parse.InvocationConfiguration.Output;

    public void Error(string message) => parse.InvocationConfiguration.Error.WriteLine($"error: {message}");

    public int Usage(string message)
    {
        Error(message);
        return ChainCommands.Failed;
    }

    public int Refuse(Rejection rejection) => Usage($"{rejection.Code}: {rejection.Message}");

    /// <summary>Runs the body; the failures a user can cause become one error line and exit code 1.</summary>
    public async Task<int> Guard(Func<Task<int>> body)
    {
        try { return await body(); }
        catch (Exception e) when (e is ChainClientException or ArgumentException or FormatException or InvalidDataException
                                   or IOException or UnauthorizedAccessException or ChainLogConflictException or Npgsql.NpgsqlException)
        {
            return Usage(e.Message);
        }
    }

    public void Lines(params (string Label, string Value)[] lines)
    {
        var width = lines.Max(l => l.Label.Length);
        foreach (var (label, value) in lines) Out.WriteLine($"{label.PadRight(width)}  {value}");
    }

    public void Emit(Action<Utf8JsonWriter> body, (string Label, string Value)[] lines)
    {
        if (!json)
        {
            Lines(lines);
            return;
        }
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
