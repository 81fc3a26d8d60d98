using Fountain.Cli.Terminal;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Fountain.Economics;
using Fountain.Economics.Accounts;
using Fountain.Economics.Perpetual;
using Fountain.Economics.Pricing;

namespace Fountain.Cli.Commands;

/// <summary>
/// `fountain price quote` and `fountain price unlock`: offline quotes from network figures given on the
/// command line (issue 5, item 8). Exit code 0 on success; 1 on any error (bad or missing options, as
/// System.CommandLine's own parse errors, or a refusal such as no free bytes or an unlock the pins forbid),
/// with the reason on standard error.
/// </summary>
internal static class PriceCommands
{
    private const int Failed = 1;
    private const string Perpetual = "perpetual";

    public static IEnumerable<Command> Create()
    {
        var price = new Command("price", "Storage prices: Shift LOCK quotes, pro-rata UNLOCK, the perpetual registration fee.");
        price.Subcommands.Add(Quote());
        price.Subcommands.Add(Unlock());
        yield return price;
    }

    private static Command Quote()
    {
        var bytes = new Option<long>("--bytes") { Description = "Bytes wanted (Z); quotes the tokens to lock, or the perpetual fee with --model perpetual." };
        var tokens = new Option<string?>("--tokens") { Description = "Tokens to lock (P, up to 8 decimals); quotes the bytes they claim." };
        var claimed = new Option<long>("--claimed") { Description = "Bytes already claimed on the network (X, the sum of all locked bytes)." };
        var free = new Option<long>("--free") { Description = "Free bytes on offer (Y); shift-2018 only." };
        var total = new Option<long>("--total") { Description = "Total bytes of the storage network; shift-shipped only (Y = floor(0.9·total) − X)." };
        var model = new Option<string>("--model")
        {
            Description = "shift-2018 (P = C·(X/Y)·Z·R), shift-shipped (Shift's code: C from replication, 10% reserve) or perpetual (one-time endowment fee).",
            DefaultValueFactory = _ => PricingModelNames.ShiftShipped,
        };
        model.AcceptOnlyFromAmong(PricingModelNames.Shift2018, PricingModelNames.ShiftShipped, Perpetual);
        var c = new Option<decimal>("--c") { Description = "The constant C of shift-2018 (default 0.3)." };
        var replication = new Option<int>("--replication") { Description = "Copies kept of each pinned byte; shift-shipped's C = round(10/replication)/10 (default 3)." };
        var replicas = new Option<int>("--replicas") { Description = "perpetual: replicas paid for (default: redundancy 12 × holders per block 3 = 36; Arweave uses 20)." };
        var yearlyCost = new Option<decimal>("--yearly-cost") { Description = "perpetual: tokens per gigabyte-year today (default 0.01)." };
        var decline = new Option<decimal>("--yearly-decline") { Description = "perpetual: yearly fall of that cost, a fraction (default 0.005, Arweave's)." };
        var json = JsonOption();
        var chain = new Option<string?>("--chain") { Description = "Quote against a chain's current figures (X, the supply statistic, its rules) instead of figures given here." };

        var command = new Command("quote", "Quote a LOCK (bytes → tokens or tokens → bytes) from network figures, or the perpetual registration fee.")
        {
            bytes, tokens, claimed, free, total, model, c, replication, replicas, yearlyCost, decline, json, chain,
        };
        command.SetAction(parse =>
        {
            var output = new Output(parse, parse.GetValue(json));
            var modelName = parse.GetValue(model)!;
            if (parse.GetValue(chain) is { } chainUrl)
            {
                if (Given(parse, claimed, free, total, c, replication, replicas, yearlyCost, decline) is { } local) return output.Usage($"{local} is read from the chain with --chain");
                if (Given(parse, model) is not null && modelName != Perpetual) return output.Usage("with --chain the chain's pricing model applies; --model takes only perpetual");
                return ChainCommands.QuoteFromChain(parse, chainUrl, Value(parse, bytes), parse.GetValue(tokens), modelName == Perpetual, parse.GetValue(json));
            }
            if (modelName == Perpetual)
            {
                if (Value(parse, bytes) is not { } size) return output.Usage("--model perpetual needs --bytes");
                if (Given(parse, tokens, claimed, free, total, c, replication) is { } extra) return output.Usage($"{extra} does not apply to --model perpetual");
                var defaults = PerpetualFeeOptions.Default;
                var options = defaults with
                {
                    Replicas = Value(parse, replicas) ?? defaults.Replicas,
                    YearlyCostTokensPerGigabyte = Value(parse, yearlyCost) ?? defaults.YearlyCostTokensPerGigabyte,
                    YearlyCostDecline = Value(parse, decline) ?? defaults.YearlyCostDecline,
                };
                return output.Write(PerpetualFee.Quote(options, size), WritePerpetual);
            }

            PricingModelNames.TryParse(modelName, out var pricingModel);
            if (Given(parse, replicas, yearlyCost, decline) is { } perpetualOnly) return output.Usage($"{perpetualOnly} applies to --model perpetual only");
            var wantBytes = Value(parse, bytes);
            var tokensText = parse.GetValue(tokens);
            if ((wantBytes is null) == (tokensText is null)) return output.Usage("give exactly one of --bytes and --tokens");
            if (Value(parse, claimed) is not { } x) return output.Usage("--claimed (X, bytes claimed on the network) is required");
            long supply;
            if (pricingModel == PricingModel.Shift2018)
            {
                if (Value(parse, total) is not null) return output.Usage("shift-2018 takes --free, not --total");
                if (Value(parse, free) is not { } y) return output.Usage("shift-2018 needs --free (Y, free bytes)");
                supply = y;
            }
            else
            {
                if (Value(parse, free) is not null) return output.Usage("shift-shipped takes --total (it derives Y = floor(0.9·total) − X), not --free");
                if (Value(parse, total) is not { } t) return output.Usage("shift-shipped needs --total (total bytes of the network)");
                supply = t;
            }
            var pricing = ShiftPricingOptions.Default with
            {
                Model = pricingModel,
                Shift2018C = Value(parse, c) ?? ShiftPricingOptions.Default.Shift2018C,
                Replication = Value(parse, replication) ?? ShiftPricingOptions.Default.Replication,
            };
            if (pricingModel == PricingModel.ShiftShipped && Value(parse, c) is not null)
                return output.Usage("--c applies to shift-2018; shift-shipped derives C from --replication");
            if (wantBytes is { } z) return output.Write(ShiftPricing.QuoteTokensForBytes(pricing, x, supply, z), WriteQuote);
            if (!Tokens.TryParse(tokensText, out var p, out var error)) return output.Usage($"--tokens: {error}");
            return output.Write(ShiftPricing.QuoteBytesForTokens(pricing, x, supply, p), WriteQuote);
        });
        return command;
    }

    private static Command Unlock()
    {
        var lockedTokens = new Option<string>("--locked-tokens") { Description = "The account's locked balance (total_shift_locked).", Required = true };
        var lockedBytes = new Option<long>("--locked-bytes") { Description = "The account's locked bytes (total_bytes_locked).", Required = true };
        var tokens = new Option<string?>("--tokens") { Description = "Tokens to unlock; quotes the bytes released." };
        var bytes = new Option<long>("--bytes") { Description = "Bytes to release; quotes the smallest token amount that releases them." };
        var pinned = new Option<long>("--pinned-bytes") { Description = "Bytes the account has pinned; the unlock is checked against them." };
        var fee = new Option<string?>("--fee") { Description = "The UNLOCK fee in tokens (default 1, Shift's)." };
        var keepCover = new Option<bool>("--keep-pin-cover") { Description = "Also require the remaining locked bytes to cover the pins replication (3) times over." };
        var json = JsonOption();
        var command = new Command("unlock", "Quote a pro-rata UNLOCK: bytes released = round(lockedBytes · tokens / lockedTokens).")
        {
            lockedTokens, lockedBytes, tokens, bytes, pinned, fee, keepCover, json,
        };
        command.SetAction(parse =>
        {
            var output = new Output(parse, parse.GetValue(json));
            if (!Tokens.TryParse(parse.GetValue(lockedTokens), out var locked, out var error)) return output.Usage($"--locked-tokens: {error}");
            var unlockFee = FeeSchedule.Default.Unlock;
            if (parse.GetValue(fee) is { } feeText && !Tokens.TryParse(feeText, out unlockFee, out error)) return output.Usage($"--fee: {error}");
            var tokensText = parse.GetValue(tokens);
            var wantBytes = Value(parse, bytes);
            if ((tokensText is null) == (wantBytes is null)) return output.Usage("give exactly one of --tokens and --bytes");
            Result<UnlockQuote> quote;
            if (tokensText is not null)
            {
                if (!Tokens.TryParse(tokensText, out var amount, out error)) return output.Usage($"--tokens: {error}");
                quote = ProRataUnlock.ForTokens(locked, parse.GetValue(lockedBytes), amount, unlockFee);
            }
            else
            {
                quote = ProRataUnlock.ForBytes(locked, parse.GetValue(lockedBytes), wantBytes!.Value, unlockFee);
            }
            if (!quote.IsOk) return output.Refuse(quote.Rejection!);
            var q = quote.Value;
            var maxPinned = q.MaxPinnedBytes(parse.GetValue(keepCover), ShiftPricingOptions.Default.Replication);
            var pinnedBytes = Value(parse, pinned);
            if (pinnedBytes < 0) return output.Usage("--pinned-bytes must not be negative");
            bool? valid = pinnedBytes is { } pb ? pb <= maxPinned : null;
            output.Emit(
                w =>
                {
                    w.WriteNumber("lockedTokens", locked.ToDecimal());
                    w.WriteNumber("lockedBytes", q.LockedBytes);
                    w.WriteNumber("tokens", q.Amount.ToDecimal());
                    w.WriteNumber("bytes", q.BytesReleased);
                    w.WriteNumber("remainingLockedTokens", q.RemainingLockedTokens.ToDecimal());
                    w.WriteNumber("remainingLockedBytes", q.RemainingLockedBytes);
                    w.WriteNumber("feeTokens", q.Fee.ToDecimal());
                    w.WriteNumber("returnedTokens", q.ReturnedToAvailable.ToDecimal());
                    w.WriteNumber("maxPinnedBytes", maxPinned);
                    if (pinnedBytes is { } p) w.WriteNumber("pinnedBytes", p);
                    if (valid is { } v) w.WriteBoolean("valid", v);
                },
                [
                    ("tokens unlocked", q.Amount.ToString()),
                    ("bytes released", $"{q.BytesReleased}  (round({q.LockedBytes} × {q.Amount} / {locked}))"),
                    ("still locked", $"{TokenText.Format(q.RemainingLockedTokens)}, {q.RemainingLockedBytes} bytes"),
                    ("returned", $"{TokenText.Format(q.ReturnedToAvailable)} ({TokenText.Format(q.Amount)} minus the fee of {TokenText.Format(q.Fee)})"),
                    ("max pinned", $"{maxPinned} bytes may stay pinned for this unlock to be valid"),
                    .. pinnedBytes is { } pinnedNow ? [("valid", valid == true ? $"yes ({pinnedNow} bytes pinned)" : $"NO: {pinnedNow} bytes are pinned")] : Array.Empty<(string, string)>(),
                ]);
            if (valid == false)
            {
                output.Error($"pinned: {pinnedBytes} bytes are pinned but at most {maxPinned} may be for this unlock");
                return Failed;
            }
            return 0;
        });
        return command;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON: bytes as integers under \"bytes\", tokens as decimals under \"tokens\"." };

    /// <summary>The option's value if it was given on the command line, else null.</summary>
    private static T? Value<T>(ParseResult parse, Option<T> option) where T : struct =>
        parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : null;

    /// <summary>The first of the options that was given on the command line, by name, or null.</summary>
    private static string? Given(ParseResult parse, params Option[] options) =>
        options.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false })?.Name;

    private static (Action<Utf8JsonWriter>, (string, string)[]) WriteQuote(PriceQuote q) => (
        w =>
        {
            w.WriteString("model", q.Model.Name());
            w.WriteNumber("bytes", q.Bytes);
            w.WriteNumber("tokens", q.Tokens.ToDecimal());
            w.WriteNumber("claimedBytes", q.ClaimedBytes);
            w.WriteNumber("supplyFigureBytes", q.SupplyFigureBytes);
            w.WriteNumber("supplyBytes", q.SupplyBytes);
            w.WriteNumber("c", q.C);
            w.WriteBoolean("ratioTakenAsOne", q.RatioTakenAsOne);
            w.WriteNumber("conversionTokens", q.ConversionTokens.ToDecimal());
            w.WriteNumber("conversionBytes", q.ConversionBytes);
        },
        [
            ("model", q.Model.Name()),
            ("bytes (Z)", q.Bytes.ToString(CultureInfo.InvariantCulture)),
            ("tokens (P)", q.Tokens.ToString()),
            ("claimed (X)", $"{q.ClaimedBytes} bytes"),
            ("supply (Y)", q.Model == PricingModel.ShiftShipped ? $"{q.SupplyBytes} bytes = floor(0.9 × {q.SupplyFigureBytes}) − {q.ClaimedBytes}" : $"{q.SupplyBytes} bytes"),
            ("C", q.C.ToString(CultureInfo.InvariantCulture)),
            ("X/Y", q.RatioTakenAsOne ? "1 (nothing claimed yet: taken as 1)" : $"{q.ClaimedBytes}/{q.SupplyBytes}"),
            ("R", $"{q.ConversionTokens} token per {q.ConversionBytes} bytes"),
            ("formula", "P = C · (X/Y) · Z · R; P rounded up to 10^-8, Z rounded down"),
        ]);

    private static (Action<Utf8JsonWriter>, (string, string)[]) WritePerpetual(PerpetualFeeQuote q) => (
        w =>
        {
            w.WriteString("model", Perpetual);
            w.WriteNumber("bytes", q.SizeBytes);
            w.WriteNumber("tokens", q.Fee.ToDecimal());
            w.WriteNumber("replicas", q.Replicas);
            w.WriteBoolean("replicasDerived", q.ReplicasDerived);
            w.WriteNumber("yearlyCostTokensPerGigabyte", q.YearlyCostTokensPerGigabyte);
            w.WriteNumber("yearlyCostDecline", q.YearlyCostDecline);
            w.WriteNumber("firstYearTokens", q.FirstYearCostTokens);
            w.WriteNumber("perpetuityYears", q.PerpetuityYears);
            w.WriteStartArray("explanation");
            foreach (var line in q.Explain()) w.WriteStringValue(line);
            w.WriteEndArray();
        },
        [
            ("model", Perpetual),
            ("bytes", q.SizeBytes.ToString(CultureInfo.InvariantCulture)),
            ("fee (tokens)", q.Fee.ToString()),
            .. q.Explain().Select(line => ("", line)),
        ]);

    /// <summary>Writes results as aligned text or as one JSON object, and errors to standard error.</summary>
    private sealed class Output(ParseResult parse, bool json)
    {
        private TextWriter Out => parse.InvocationConfiguration.Output;

        public void Error(string message) => parse.InvocationConfiguration.Error.WriteLine($"error: {message}");

        public int Usage(string message)
        {
            Error(message);
            return Failed;
        }

        public int Refuse(Rejection rejection)
        {
            Error($"{rejection.Code}: {rejection.Message}");
            return Failed;
        }

        public int Write<T>(Result<T> result, Func<T, (Action<Utf8JsonWriter> Json, (string, string)[] Lines)> render)
        {
            if (!result.IsOk) return Refuse(result.Rejection!);
            var (jsonBody, lines) = render(result.Value);
            Emit(jsonBody, lines);
            return 0;
        }

        public void Emit(Action<Utf8JsonWriter> jsonBody, (string Label, string Value)[] lines)
        {
            if (json)
            {
                using var stream = new MemoryStream();
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    writer.WriteStartObject();
                    jsonBody(writer);
                    writer.WriteEndObject();
                }
                Out.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
                return;
            }
            var width = lines.Max(l => l.Label.Length);
            foreach (var (label, value) in lines)
                Out.WriteLine(label.Length == 0 ? $"{new string(' ', width)}  {value}" : $"{label.PadRight(width)}  {value}");
        }
    }
}
