using Fountain.Cli.Terminal;
using System.CommandLine;
using System.Globalization;
using Fountain.Chain.Selection;

namespace Fountain.Cli.Commands;

/// <summary>
/// `fountain artwork show ID --chain URL [--json]` (issue 7, item 5): what the network knows of an artwork: its ticket
/// (codec, blocks, holders per block, fee), every amendment a heal added, and the custodians (primary first, then the
/// verifiers) of the epoch at the chain's head, computed with the chain's own custody selection.
/// </summary>
internal static class ArtworkCommands
{
    public static IEnumerable<Command> Create()
    {
        var artwork = new Command("artwork", "Artworks as the chain records them: tickets, heals, custodians.");
        artwork.Subcommands.Add(Show());
        yield return artwork;
    }

    private static Command Show()
    {
        var id = new Argument<string>("id") { Description = "The artwork id (64 hex digits: SHA3-256 of the archive)." };
        var chainUrl = ChainCommands.ChainOption();
        var verifiers = new Option<int>("--verifiers")
        {
            Description = "Custody verifiers per epoch: the chain's fountain.chain.custody-verifiers (default: that setting's default).",
            DefaultValueFactory = _ => Fountain.Chain.ChainOptions.Default.CustodyVerifiers,
        };
        var json = ChainCommands.JsonOption();
        var command = new Command("show", "Show an artwork's ticket, its amendments and its custodians at the chain's head.") { id, chainUrl, verifiers, json };
        command.SetAction(async (parse, cancellation) =>
        {
            var output = new ChainOutput(parse, parse.GetValue(json));
            return await output.Guard(async () =>
            {
                var artworkId = parse.GetValue(id)!.Trim().ToLowerInvariant();
                if (artworkId.Length != 64 || !artworkId.All(Uri.IsHexDigit)) return output.Usage($"'{artworkId}' is not an artwork id (64 hex digits)");
                if (parse.GetValue(verifiers) is < 1 or > 100) return output.Usage("--verifiers must be 1 to 100");
                using var client = ChainCommands.Client(parse.GetValue(chainUrl)!);
                var ticket = await client.GetTicketAsync(artworkId, cancellation);
                if (ticket is null) return output.Usage($"artwork {artworkId} is not registered on this chain");
                var head = await client.GetHeadAsync(cancellation);
                var masternodes = await client.GetMasternodesAsync(cancellation);
                var custodians = Custody.Custodians(artworkId, head, masternodes, parse.GetValue(verifiers));
                var c = ticket.Codec;
                long payloadPerBlock = (long)c.SymbolsPerBlock * c.SymbolBytes;
                int blocks = ticket.AllBlocks.Count();
                double listed = blocks * payloadPerBlock / (double)c.ArchiveLength;
                string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
                output.Emit(w =>
                {
                    w.WriteString("artworkId", ticket.ArtworkId);
                    w.WriteString("owner", ticket.OwnerPublicKey);
                    w.WriteNumber("registeredAtHeight", ticket.RegisteredAtHeight);
                    w.WriteNumber("bytes", c.ArchiveLength);
                    w.WriteString("format", c.Format);
                    w.WriteNumber("sourceSymbols", c.SourceSymbols);
                    w.WriteNumber("symbolBytes", c.SymbolBytes);
                    w.WriteNumber("symbolsPerBlock", c.SymbolsPerBlock);
                    w.WriteNumber("holdersPerBlock", ticket.HoldersPerBlock);
                    w.WriteNumber("feePaidTokens", new Fountain.Economics.Tokens(ticket.FeePaidBaseUnits).ToDecimal());
                    w.WriteNumber("originalBlocks", ticket.Blocks.Count);
                    w.WriteNumber("blocks", blocks);
                    w.WriteNumber("highestIndex", ticket.HighestIndex);
                    w.WriteNumber("listedRedundancy", listed);
                    w.WriteStartArray("amendments");
                    foreach (var a in ticket.Amendments)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("atHeight", a.AtHeight);
                        w.WriteString("primary", a.PrimaryId);
                        w.WriteString("verifier", a.VerifierId);
                        w.WriteNumber("blocksAdded", a.AddedBlocks.Count);
                        w.WriteNumber("firstIndex", a.AddedBlocks.Min(b => b.Index));
                        w.WriteNumber("lastIndex", a.AddedBlocks.Max(b => b.Index));
                        w.WriteString("reason", a.Reason);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteNumber("epochHeight", head.Height);
                    w.WriteStartArray("custodians");
                    foreach (var custodian in custodians) w.WriteStringValue(custodian);
                    w.WriteEndArray();
                },
                [
                    ("artwork", ticket.ArtworkId),
                    ("registered", Inv($"at height {ticket.RegisteredAtHeight}, fee {TokenText.FromBaseUnits(ticket.FeePaidBaseUnits)}")),
                    ("archive", Inv($"{c.ArchiveLength} bytes, {c.Format}, K={c.SourceSymbols} T={c.SymbolBytes} M={c.SymbolsPerBlock}")),
                    ("blocks", Inv($"{blocks} listed ({ticket.Blocks.Count} original), highest index {ticket.HighestIndex}, {ticket.HoldersPerBlock} holders each")),
                    ("listed redundancy", Inv($"{listed:F2} (payload of listed blocks / archive; the network may hold fewer)")),
                    ("amendments", ticket.Amendments.Count.ToString(CultureInfo.InvariantCulture)),
                    .. ticket.Amendments.Select(a => ("", Inv($"height {a.AtHeight}: +{a.AddedBlocks.Count} blocks ({a.AddedBlocks.Min(b => b.Index)}..{a.AddedBlocks.Max(b => b.Index)}) by {a.PrimaryId[..12]}, verified by {a.VerifierId[..12]}: {a.Reason}"))),
                    ("custodians", Inv($"at height {head.Height}: primary {(custodians.Count > 0 ? custodians[0] : "none")}")),
                    .. custodians.Skip(1).Select(v => ("", "verifier " + v)),
                ]);
                return 0;
            });
        });
        return command;
    }
}
