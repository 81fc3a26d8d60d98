using Fountain.Cli.Terminal;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Fountain.Chain;
using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Transactions;
using Fountain.Economics;

namespace Fountain.Cli.Commands;

/// <summary>
/// `fountain account show|lock|unlock|pin|unpin|transfer|faucet` against a chain (issue 5, item 8), signed with the
/// owner's key, and `fountain key new|show` for owner keys. A transaction the chain rejects prints the chain's reason
/// on standard error and exits with 1; exit code 0 means the chain accepted it.
/// </summary>
internal static class AccountCommands
{
    public static IEnumerable<Command> Create()
    {
        var account = new Command("account", "An account on a chain: balances, LOCK, UNLOCK, PIN, UNPIN, transfers (Shift's model; amounts in tokens).");
        account.Subcommands.Add(Show());
        account.Subcommands.Add(Transaction("lock", "Lock tokens: they claim storage at the chain's current price (plus the lock fee, Shift's 1 token by default).",
            [Tokens()], (p, o) => Amount(p, o[0]) is { } a ? new Chain.Transactions.Lock(a) : null));
        account.Subcommands.Add(Transaction("unlock", "Unlock tokens: locked bytes are released pro rata (the unlock fee, 1 token by default, is taken from the amount).",
            [Tokens()], (p, o) => Amount(p, o[0]) is { } a ? new Unlock(a) : null));
        account.Subcommands.Add(Transaction("pin", "Pin bytes of your locked capacity under a name (needs locked bytes ≥ (pinned + bytes) · replication).",
            [PinId(), Bytes()], (p, o) => new Pin(p.GetValue((Option<string>)o[0])!, p.GetValue((Option<long>)o[1]))));
        account.Subcommands.Add(Transaction("unpin", "Remove a pin by its name.", [PinId()], (p, o) => new Unpin(p.GetValue((Option<string>)o[0])!)));
        account.Subcommands.Add(Transaction("transfer", "Send available tokens to another identity.",
            [new Option<string>("--to") { Description = "The recipient's identity id (64 hex digits; `fountain key show` prints it).", Required = true }, Tokens()],
            (p, o) => Amount(p, o[1]) is { } a ? new Transfer(p.GetValue((Option<string>)o[0])!, a) : null));
        account.Subcommands.Add(Transaction("faucet", "Development chains only: ask the faucet for tokens.",
            [Tokens()], (p, o) => Amount(p, o[0]) is { } a ? new Faucet(a) : null));
        yield return account;

        var key = new Command("key", "Identity keys (ECDSA P-256, PKCS#8 PEM): masternodes and owners sign with them.");
        key.Subcommands.Add(NewKey());
        key.Subcommands.Add(ShowKey());
        yield return key;
    }

    private static Option<string> KeyOption() => new("--key") { Description = "The signer's private key file (PEM; `fountain key new` makes one).", Required = true };
    private static Option Tokens() => new Option<string>("--tokens") { Description = "Amount in tokens (up to 8 decimals).", Required = true };
    private static Option PinId() => new Option<string>("--pin-id") { Description = "The pin's name.", Required = true };
    private static Option Bytes() => new Option<long>("--bytes") { Description = "Bytes to pin.", Required = true };

    /// <summary>The --tokens value in base units, or null (and an error) if it is not an amount.</summary>
    private static long? Amount(ParseResult parse, Option option)
    {
        var text = parse.GetValue((Option<string>)option);
        return Economics.Tokens.TryParse(text, out var tokens, out _) ? tokens.Units : null;
    }

    private static Command Show()
    {
        var chain = ChainCommands.ChainOption();
        var keyFile = new Option<string?>("--key") { Description = "Show the account of this key file's identity." };
        var id = new Option<string?>("--id") { Description = "Show the account of this identity id instead." };
        var json = ChainCommands.JsonOption();
        var command = new Command("show", "Show an account: available and locked tokens, locked and pinned bytes, pins, next nonce.") { chain, keyFile, id, json };
        command.SetAction(async (parse, cancellation) =>
        {
            var output = new ChainOutput(parse, parse.GetValue(json));
            return await output.Guard(async () =>
            {
                string accountId;
                if (parse.GetValue(id) is { } given)
                {
                    if (parse.GetValue(keyFile) is not null) return output.Usage("give one of --key and --id");
                    accountId = given;
                }
                else if (parse.GetValue(keyFile) is { } path)
                {
                    using var key = NodeKey.Load(path);
                    accountId = key.Id;
                }
                else return output.Usage("give --key FILE or --id ID");
                using var client = ChainCommands.Client(parse.GetValue(chain)!);
                Write(output, await client.GetAccountAsync(accountId, cancellation), null);
                return ChainCommands.Success;
            });
        });
        return command;
    }

    /// <summary>A command that signs one payload with --key and submits it to --chain, then shows the account.</summary>
    private static Command Transaction(string name, string description, Option[] options, Func<ParseResult, Option[], TransactionPayload?> payload)
    {
        var chain = ChainCommands.ChainOption();
        var keyFile = KeyOption();
        var json = ChainCommands.JsonOption();
        var command = new Command(name, description) { chain, keyFile, json };
        foreach (var option in options) command.Options.Add(option);
        command.SetAction(async (parse, cancellation) =>
        {
            var output = new ChainOutput(parse, parse.GetValue(json));
            return await output.Guard(async () =>
            {
                if (payload(parse, options) is not { } built) return output.Usage("--tokens must be a non-negative amount with at most 8 decimals");
                using var key = NodeKey.Load(parse.GetValue(keyFile)!);
                using var client = ChainCommands.Client(parse.GetValue(chain)!);
                var result = await new ChainSender(client, key).SendAsync(built, cancellation);
                if (!result.Accepted) return output.Usage($"the chain rejected the transaction: {result.Rejection}");
                Write(output, await client.GetAccountAsync(key.Id, cancellation), result);
                return ChainCommands.Success;
            });
        });
        return command;
    }

    private static void Write(ChainOutput output, AccountView a, TransactionResult? result)
    {
        output.Emit(w =>
        {
            if (result is not null)
            {
                w.WriteString("transactionId", result.TransactionId);
                w.WriteNumber("height", result.Height ?? 0);
            }
            w.WriteString("id", a.Id);
            w.WriteNumber("availableTokens", new Tokens(a.AvailableBaseUnits).ToDecimal());
            w.WriteNumber("lockedTokens", new Tokens(a.LockedBaseUnits).ToDecimal());
            w.WriteNumber("lockedBytes", a.LockedBytes);
            w.WriteNumber("pinnedBytes", a.PinnedBytes);
            w.WriteStartObject("pins");
            foreach (var (pin, bytes) in a.Pins) w.WriteNumber(pin, bytes);
            w.WriteEndObject();
            w.WriteNumber("nextNonce", a.NextNonce);
        },
        [
            .. result is null ? Array.Empty<(string, string)>() : [("accepted", $"transaction {result.TransactionId}, in height {result.Height}")],
            ("account", a.Id),
            ("available", TokenText.FromBaseUnits(a.AvailableBaseUnits)),
            ("locked", $"{TokenText.FromBaseUnits(a.LockedBaseUnits)}, {a.LockedBytes} bytes"),
            ("pinned", $"{a.PinnedBytes} bytes{(a.Pins.Count == 0 ? "" : " (" + string.Join(", ", a.Pins.Select(p => $"{p.Key}: {p.Value}")) + ")")}"),
            ("next nonce", a.NextNonce.ToString(CultureInfo.InvariantCulture)),
        ]);
    }

    private static Command NewKey()
    {
        var outFile = new Option<string>("--out") { Description = "Where to write the new private key (PEM, readable by its owner only); never overwritten.", Required = true };
        var json = ChainCommands.JsonOption();
        var command = new Command("new", "Make a new identity key (ECDSA P-256) and print its id.") { outFile, json };
        command.SetAction(async parse =>
        {
            var output = new ChainOutput(parse, parse.GetValue(json));
            return await output.Guard(() =>
            {
                var path = parse.GetValue(outFile)!;
                if (File.Exists(path)) return Task.FromResult(output.Usage($"'{path}' exists; a key is never overwritten"));
                using var key = NodeKey.Create();
                key.Save(path);
                WriteKey(output, key, path);
                return Task.FromResult(ChainCommands.Success);
            });
        });
        return command;
    }

    private static Command ShowKey()
    {
        var keyFile = KeyOption();
        var json = ChainCommands.JsonOption();
        var command = new Command("show", "Print a key's identity id and public key.") { keyFile, json };
        command.SetAction(async parse =>
        {
            var output = new ChainOutput(parse, parse.GetValue(json));
            return await output.Guard(() =>
            {
                using var key = NodeKey.Load(parse.GetValue(keyFile)!);
                WriteKey(output, key, parse.GetValue(keyFile)!);
                return Task.FromResult(ChainCommands.Success);
            });
        });
        return command;
    }

    private static void WriteKey(ChainOutput output, NodeKey key, string path) => output.Emit(
        w =>
        {
            w.WriteString("id", key.Id);
            w.WriteString("publicKey", key.PublicKeyBase64);
            w.WriteString("file", Path.GetFullPath(path));
        },
        [("id", key.Id), ("public key", key.PublicKeyBase64), ("file", Path.GetFullPath(path))]);
}
