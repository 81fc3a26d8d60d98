using System.CommandLine;
using System.Text.Json;
using Fountain.Testing;
using Fountain.Chain.Dev;
using Fountain.Chain.Http;
using Fountain.Cli;
using static Fountain.Chain.Tests.Support.Fixtures;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Cli;

/// <summary>The `fountain chain|account|key` commands and `price quote --chain`, run in process against a real chain on 127.0.0.1.</summary>
public sealed class ChainCliTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("fountain-chain-cli-").FullName;
    private DevChain _chain = null!;
    private ChainServer _server = null!;
    private string Url => _server.Address.ToString();

    public async Task InitializeAsync()
    {
        _chain = DevChain.StartInMemory(Options, new ManualClock(Start));
        _server = await ChainServer.StartAsync(_chain, new ChainServerOptions { Listen = "http://127.0.0.1:0" });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _chain.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static async Task<(int Exit, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await Program.BuildRoot().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    private string File(string name) => Path.Combine(_root, name);

    [Fact]
    public async Task Every_chain_account_and_key_command_has_help()
    {
        string[][] commands =
        [
            ["chain"], ["chain", "run"], ["chain", "status"], ["account"], ["account", "show"], ["account", "lock"], ["account", "unlock"],
            ["account", "pin"], ["account", "unpin"], ["account", "transfer"], ["account", "faucet"], ["key"], ["key", "new"], ["key", "show"], ["price", "quote"],
        ];
        foreach (var command in commands)
        {
            var (exit, output, _) = await Run([.. command, "--help"]);
            Assert.Equal(0, exit);
            Assert.Contains("Usage:", output);
        }
        Assert.Contains("--chain", (await Run("price", "quote", "--help")).Output);
    }

    [Fact]
    public async Task An_owner_makes_a_key_funds_it_locks_pins_transfers_and_sees_the_account()
    {
        var (exit, output, _) = await Run("key", "new", "--out", File("owner.key"), "--json");
        Assert.Equal(0, exit);
        var id = JsonDocument.Parse(output).RootElement.GetProperty("id").GetString()!;
        Assert.Equal(1, (await Run("key", "new", "--out", File("owner.key"))).Exit); // never overwritten
        Assert.Equal(id, JsonDocument.Parse((await Run("key", "show", "--key", File("owner.key"), "--json")).Output).RootElement.GetProperty("id").GetString());

        Assert.Equal(0, (await Run("account", "faucet", "--chain", Url, "--key", File("owner.key"), "--tokens", "500")).Exit);
        (exit, output, _) = await Run("account", "lock", "--chain", Url, "--key", File("owner.key"), "--tokens", "100", "--json");
        Assert.Equal(0, exit);
        var account = JsonDocument.Parse(output).RootElement;
        Assert.Equal(399m, account.GetProperty("availableTokens").GetDecimal()); // 500 − 100 − the 1 token fee
        Assert.Equal(100m, account.GetProperty("lockedTokens").GetDecimal());
        Assert.True(account.GetProperty("lockedBytes").GetInt64() > 0);

        Assert.Equal(0, (await Run("account", "pin", "--chain", Url, "--key", File("owner.key"), "--pin-id", "photo", "--bytes", "1000")).Exit);
        Assert.Equal(0, (await Run("account", "transfer", "--chain", Url, "--key", File("owner.key"), "--to", Id("friend"), "--tokens", "1.5")).Exit);
        Assert.Equal(0, (await Run("account", "unpin", "--chain", Url, "--key", File("owner.key"), "--pin-id", "photo")).Exit);
        Assert.Equal(0, (await Run("account", "unlock", "--chain", Url, "--key", File("owner.key"), "--tokens", "50")).Exit);

        (exit, output, _) = await Run("account", "show", "--chain", Url, "--id", id, "--json");
        Assert.Equal(0, exit);
        var shown = JsonDocument.Parse(output).RootElement;
        var onChain = await _chain.GetAccountAsync(id);
        Assert.Equal(new Economics.Tokens(onChain.AvailableBaseUnits).ToDecimal(), shown.GetProperty("availableTokens").GetDecimal());
        Assert.Equal(onChain.LockedBytes, shown.GetProperty("lockedBytes").GetInt64());
        Assert.Equal(6, shown.GetProperty("nextNonce").GetInt64());
        Assert.Equal(1.5m, new Economics.Tokens((await _chain.GetAccountAsync(Id("friend"))).AvailableBaseUnits).ToDecimal());
    }

    [Fact]
    public async Task A_rejected_transaction_an_unreachable_chain_and_bad_input_exit_with_1_and_say_why()
    {
        await Run("key", "new", "--out", File("k.key"));
        var (exit, _, error) = await Run("account", "unlock", "--chain", Url, "--key", File("k.key"), "--tokens", "5");
        Assert.Equal(1, exit);
        Assert.Contains("nothing-locked", error);
        (exit, _, error) = await Run("account", "show", "--chain", "http://127.0.0.1:1", "--key", File("k.key"));
        Assert.Equal(1, exit);
        Assert.Contains("cannot be reached", error);
        Assert.Equal(1, (await Run("account", "lock", "--chain", Url, "--key", File("k.key"), "--tokens", "1.000000001")).Exit);
        Assert.Equal(1, (await Run("account", "lock", "--chain", Url, "--key", File("missing.key"), "--tokens", "1")).Exit);
        Assert.Equal(1, (await Run("account", "lock", "--chain", "not a url", "--key", File("k.key"), "--tokens", "1")).Exit);
        Assert.Equal(1, (await Run("account", "transfer", "--chain", Url, "--key", File("k.key"), "--to", "bob", "--tokens", "1")).Exit);
        Assert.Equal(1, (await Run("account", "show", "--chain", Url)).Exit);
        Assert.Equal(1, (await Run("price", "quote", "--chain", Url, "--bytes", "1000", "--claimed", "5")).Exit);
        Assert.Equal(1, (await Run("price", "quote", "--chain", Url, "--bytes", "1000", "--model", "shift-2018")).Exit);
    }

    [Fact]
    public async Task Price_quote_against_a_chain_uses_its_figures_and_rules()
    {
        var (exit, output, _) = await Run("price", "quote", "--chain", Url, "--bytes", "1000000", "--json");
        Assert.Equal(0, exit);
        var quote = JsonDocument.Parse(output).RootElement;
        var network = await _chain.GetNetworkAsync();
        var expected = Economics.Pricing.ShiftPricing.QuoteTokensForBytes(Options.Economics.Ledger.Pricing, network.ClaimedBytes, network.SupplyFigureBytes, 1_000_000).Value;
        Assert.Equal(expected.Tokens.ToDecimal(), quote.GetProperty("tokens").GetDecimal());
        Assert.Equal(1_000_000, quote.GetProperty("bytes").GetInt64());
        Assert.Equal("shift-shipped", quote.GetProperty("model").GetString());

        (exit, output, _) = await Run("price", "quote", "--chain", Url, "--model", "perpetual", "--bytes", "5000000", "--json");
        Assert.Equal(0, exit);
        var fee = Economics.Perpetual.PerpetualFee.Quote(Options.Economics.Ledger.PerpetualFee, 5_000_000).Value.Fee.ToDecimal();
        Assert.Equal(fee, JsonDocument.Parse(output).RootElement.GetProperty("tokens").GetDecimal());

        (exit, output, _) = await Run("price", "quote", "--chain", Url);
        Assert.Equal(0, exit);
        Assert.Contains("claimed (X)", output);
        Assert.Equal(0, (await Run("chain", "status", "--chain", Url)).Exit);
    }

    [Fact]
    public async Task Chain_run_serves_until_cancelled_and_a_second_run_replays_the_same_head()
    {
        var data = File("data");
        async Task<(string Head, string Output)> RunOnce(Func<string, Task> whileRunning)
        {
            var output = new ListeningWriter();
            using var stop = new CancellationTokenSource();
            var running = Program.BuildRoot().Parse(["chain", "run", "--data", data, "--listen", "http://127.0.0.1:0"])
                .InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, stop.Token);
            // If the command ends before it listens (a bad configuration), fail with what it said rather than waiting.
            if (await Task.WhenAny(output.Listening, running).WaitAsync(TimeSpan.FromSeconds(30)) == running)
                Assert.Fail($"chain run ended with {await running} before listening: {output}");
            var url = await output.Listening;
            await whileRunning(url);
            using var client = new ChainClient(new Uri(url));
            var head = (await client.GetHeadAsync()).Hash + "/" + (await client.GetAccountAsync(Id("x"))).AvailableBaseUnits;
            stop.Cancel();
            Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("stopped", output.ToString());
            return (head, output.ToString());
        }

        await Run("key", "new", "--out", File("k.key"));
        var (first, _) = await RunOnce(async url =>
        {
            Assert.Equal(0, (await Run("account", "faucet", "--chain", url, "--key", File("k.key"), "--tokens", "10")).Exit);
            Assert.Equal(0, (await Run("account", "transfer", "--chain", url, "--key", File("k.key"), "--to", Id("x"), "--tokens", "2")).Exit);
        });
        var (second, text) = await RunOnce(_ => Task.CompletedTask);
        Assert.Equal(first, second);
        Assert.EndsWith("/200000000", second);
        Assert.Contains(Path.Combine(data, DevChain.LogFileName), text);

        var bad = File("bad.conf");
        await System.IO.File.WriteAllTextAsync(bad, "fountain.chain.payment-model = barter\n");
        var (exit, _, error) = await Run("chain", "run", "--config", bad, "--data", data);
        Assert.Equal(1, exit);
        Assert.Contains("payment-model", error);
    }

    /// <summary>Captures output and completes <see cref="Listening"/> with the URL once the server says where it listens.</summary>
    private sealed class ListeningWriter : StringWriter
    {
        private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> Listening => _listening.Task;

        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.StartsWith("listening", StringComparison.Ordinal)) _listening.TrySetResult(value["listening".Length..].Trim());
        }
    }
}
