using System.CommandLine;
using Fountain.Chain.Identity;
using Fountain.Cli.Terminal;
using Fountain.Codec.Archive;
using Fountain.Codec.Hashing;
using Fountain.Node.Client;
using Fountain.Node.Owner;
using Fountain.Node.Retrieval;
using Spectre.Console;

namespace Fountain.Cli.Commands;

/// <summary>fountain store and fountain retrieve: an owner's side of the network (issue 4, item 4).</summary>
internal static class NetworkCommands
{
    public static IEnumerable<Command> Create() => [Store(), Retrieve()];

    private static Option<string> OwnerKeyOption() => new("--key") { Description = "The owner's private key file (PEM; `fountain key new --out FILE` makes one).", Required = true };

    private static Command Store()
    {
        var paths = new Argument<string[]>("paths") { Description = "Files and folders to store.", Arity = ArgumentArity.OneOrMore };
        var chain = ChainCommands.ChainOption();
        var key = OwnerKeyOption();
        var local = new Option<bool>("--local-encode") { Description = "Encode here and upload the blocks to their holders, instead of sending the archive to a masternode." };
        var node = new Option<string?>("--node") { Description = "The masternode (id) to send the archive to; by default the artwork's custodian of the current epoch." };
        var maxFee = new Option<decimal>("--max-fee") { Description = "The most, in tokens, the registration may cost.", DefaultValueFactory = _ => 1000m };
        var codec = new CodecOptions();
        var command = new Command("store", "Pack files, have them encoded and placed on the masternodes, and register the artwork's ticket (signed by the owner). Prints the artwork id.")
        {
            paths, chain, key, local, node, maxFee,
        };
        codec.AddTo(command, format: false);
        command.SetAction(parse => CliAction.Run(() =>
        {
            var settings = codec.Settings(parse);
            var options = new StoreOptions { MaxFeeBaseUnits = Fountain.Economics.Tokens.FromDecimal(parse.GetValue(maxFee)).Units, EntryNodeId = parse.GetValue(node) };
            using var owner = LoadOwner(parse.GetValue(key)!);
            using var client = ChainCommands.Client(parse.GetValue(chain)!);
            using var http = NodeClient.CreateHttpClient();
            var artworkOwner = new ArtworkOwner(client, owner, http);
            var packed = EncodeCommand.Pack(parse.GetValue(paths)!, settings.ZstdLevel);
            var status = new Progress<string>(line => Ui.Step(Markup.Escape(line)));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var outcome = Ui.WithProgress(async board =>
            {
                var bars = new StoreProgressBars(board);
                try
                {
                    if (parse.GetValue(local))
                        return await artworkOwner.StoreWithLocalEncodingAsync(packed.Bytes, CodecOptions.EncodeOptions(settings), options, status, progress: bars);
                    var archivePath = Path.GetTempFileName();
                    try
                    {
                        await File.WriteAllBytesAsync(archivePath, packed.Bytes);
                        return await artworkOwner.StoreThroughNodeAsync(archivePath, options, status, progress: bars);
                    }
                    finally { File.Delete(archivePath); }
                }
                finally { bars.Finish(); }
            });
            Ui.Step($"[green]stored[/] {outcome.Blocks} blocks ({outcome.BlocksPlaced} placed, {outcome.Acknowledgements} acknowledgements) in {clock.Elapsed.TotalSeconds:0.0} s; ticket registered at height {outcome.Height} (transaction {outcome.TransactionId[..16]}…)");
            Console.Out.WriteLine(outcome.ArtworkId);
            return CliAction.Success;
        }, typeof(StoreException), typeof(NodeRequestException), typeof(Fountain.Chain.Http.ChainClientException)));
        return command;
    }

    private static Command Retrieve()
    {
        var artwork = new Argument<string>("artwork-id") { Description = "The artwork id (64 hex digits)." };
        var chain = ChainCommands.ChainOption();
        var key = OwnerKeyOption();
        var output = new Option<string>("--out", "-o") { Description = "Folder to extract the files into (created if missing; existing names are never overwritten).", Required = true };
        var parallel = new Option<int>("--parallel") { Description = "Blocks fetched at once.", DefaultValueFactory = _ => 8 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds one holder gets to deliver one block before the next is asked.", DefaultValueFactory = _ => 30 };
        var command = new Command("retrieve", "Fetch an artwork's blocks from any holders, verify each, decode as soon as enough arrived, verify the artwork id and extract.")
        {
            artwork, chain, key, output, parallel, timeout,
        };
        parallel.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 256) r.AddError("--parallel must be from 1 to 256."); });
        timeout.Validators.Add(r => { if (r.GetValueOrDefault<double>() is <= 0 or > 3600) r.AddError("--timeout must be more than 0 and at most 3600 seconds."); });
        command.SetAction(parse => CliAction.Run(() =>
        {
            var id = Hash256.Parse(parse.GetValue(artwork)!);
            using var owner = LoadOwner(parse.GetValue(key)!);
            using var client = ChainCommands.Client(parse.GetValue(chain)!);
            using var http = NodeClient.CreateHttpClient();
            var options = new RetrievalOptions { MaxParallelFetches = parse.GetValue(parallel), FetchTimeout = TimeSpan.FromSeconds(parse.GetValue(timeout)) };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = RetrieveWithProgressAsync(new ArtworkOwner(client, owner, http), id, options).GetAwaiter().GetResult();
            foreach (var (holder, why) in result.DistrustedHolders) Ui.Step($"[yellow]distrusted[/] masternode {holder[..12]}: {Markup.Escape(why)}");
            if (!result.Complete)
            {
                Ui.Error($"Could not gather enough valid blocks of artwork {id}: {result.BlocksUsed} used, at least {result.MinimumMoreBlocks} more needed ({result.FetchesFailed} fetches failed). Nothing was written.");
                return CliAction.Failure;
            }
            Ui.Step($"[green]retrieved[/] {result.BlocksUsed} blocks ({ByteSize.Format(result.BytesFetched)}) in {clock.Elapsed.TotalSeconds:0.0} s, {result.FetchesFailed} fetches failed; artwork id verified");
            var extracted = ArchiveExtractor.Extract(result.Archive, parse.GetValue(output)!);
            Ui.Step($"[green]extracted[/] {extracted.Files} files into {Markup.Escape(parse.GetValue(output)!)}");
            Console.Out.WriteLine(id);
            return CliAction.Success;
        }, typeof(StoreException), typeof(NodeRequestException), typeof(Fountain.Chain.Http.ChainClientException)));
        return command;
    }

    /// <summary>Retrieves with a bar of valid blocks used against the least the decode needs (a floor that rises as blocks arrive).</summary>
    internal static Task<RetrievalResult> RetrieveWithProgressAsync(ArtworkOwner owner, Hash256 id, RetrievalOptions options) =>
        Ui.WithProgressAsync(async board =>
        {
            var bar = board.Add("fetching and decoding (valid blocks)", 0, v => $"{v:0}");
            var result = await owner.RetrieveAsync(id, options, new InlineProgress<RetrievalProgress>(p => bar.Update(p.BlocksUsed, Math.Max(1, p.BlocksNeededAtLeast))));
            bar.Complete();
            return result;
        });

    internal static NodeKey LoadOwner(string path) =>
        File.Exists(path) ? NodeKey.Load(path) : throw new FileNotFoundException($"The key file '{path}' does not exist; make one with `fountain key new --out {path}`.");
}
