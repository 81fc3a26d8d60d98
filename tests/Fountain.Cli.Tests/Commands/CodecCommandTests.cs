using System.CommandLine;
using System.Text.Json;
using Fountain.Codec.Blocks;
using Fountain.Cli.Tests.Support;

namespace Fountain.Cli.Tests.Commands;

public sealed class CodecCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fountain-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Input(int bytes, string name = "art")
    {
        var folder = Path.Combine(_root, name);
        Directory.CreateDirectory(Path.Combine(folder, "sub"));
        var data = new byte[bytes];
        new Random(bytes).NextBytes(data);
        File.WriteAllBytes(Path.Combine(folder, "image.bin"), data);
        File.WriteAllText(Path.Combine(folder, "sub", "ticket.txt"), "title: test");
        return folder;
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("pastel-v0")]
    public void Encode_then_decode_gives_back_the_files_and_prints_the_artwork_id(string format)
    {
        var input = Input(300_000);
        var blocks = Path.Combine(_root, "blocks");
        var (exit, output) = CliRunner.Run("encode", input, "--out", blocks, "--format", format, "--block-size", format == "v1" ? "64KiB" : "40000");
        Assert.Equal(0, exit);
        var artworkId = output.Trim();
        Assert.Matches("^[0-9a-f]{64}$", artworkId);
        Assert.All(Directory.EnumerateFiles(blocks), f => Assert.True(BlockFileName.TryParse(f, out var a, out _, out _) && a.ToString() == artworkId));

        var restored = Path.Combine(_root, "restored");
        (exit, output) = CliRunner.Run("decode", blocks, "--out", restored);
        Assert.Equal(0, exit);
        Assert.Equal(artworkId, output.Trim());
        Assert.Equal(File.ReadAllBytes(Path.Combine(input, "image.bin")), File.ReadAllBytes(Path.Combine(restored, "art", "image.bin")));
        Assert.Equal("title: test", File.ReadAllText(Path.Combine(restored, "art", "sub", "ticket.txt")));
    }

    [Fact]
    public void Decode_with_too_few_blocks_fails_and_writes_nothing()
    {
        var blocks = Path.Combine(_root, "blocks");
        Assert.Equal(0, CliRunner.Run("encode", Input(200_000), "--out", blocks, "--block-size", "16KiB").ExitCode);
        foreach (var file in Directory.EnumerateFiles(blocks).Skip(3)) File.Delete(file);
        var restored = Path.Combine(_root, "restored");
        var (exit, output) = CliRunner.Run("decode", blocks, "--out", restored);
        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.False(Directory.Exists(restored));
    }

    [Fact]
    public void Decode_skips_corrupted_blocks_and_still_succeeds()
    {
        var blocks = Path.Combine(_root, "blocks");
        Assert.Equal(0, CliRunner.Run("encode", Input(100_000), "--out", blocks, "--block-size", "16KiB").ExitCode);
        foreach (var file in Directory.EnumerateFiles(blocks).Order().Take(20))
        {
            var bytes = File.ReadAllBytes(file);
            bytes[bytes.Length / 2] ^= 0x5A;
            File.WriteAllBytes(file, bytes);
        }
        Assert.Equal(0, CliRunner.Run("decode", blocks, "--out", Path.Combine(_root, "restored")).ExitCode);
    }

    [Fact]
    public void A_folder_with_two_artworks_needs_a_choice()
    {
        var blocks = Path.Combine(_root, "blocks");
        var first = CliRunner.Run("encode", Input(10_000, "one"), "--out", blocks).Output.Trim();
        CliRunner.Run("encode", Input(20_000, "two"), "--out", blocks);
        Assert.Equal(1, CliRunner.Run("decode", blocks, "--out", Path.Combine(_root, "x")).ExitCode);
        var (exit, output) = CliRunner.Run("decode", blocks, "--out", Path.Combine(_root, "y"), "--artwork", first);
        Assert.Equal(0, exit);
        Assert.True(File.Exists(Path.Combine(_root, "y", "one", "image.bin")));
    }

    [Fact]
    public void Inspect_reports_intact_and_damaged_blocks()
    {
        var blocks = Path.Combine(_root, "blocks");
        CliRunner.Run("encode", Input(50_000), "--out", blocks);
        var block = Directory.EnumerateFiles(blocks).First();
        var (exit, output) = CliRunner.Run("inspect", block, "--json");
        Assert.Equal(0, exit);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.True(json.RootElement.GetProperty("intact").GetBoolean());
            Assert.Equal("v1", json.RootElement.GetProperty("format").GetString());
            Assert.True(json.RootElement.GetProperty("header").GetProperty("block_index").GetInt32() > 0);
        }
        var bytes = File.ReadAllBytes(block);
        bytes[^1] ^= 1;
        File.WriteAllBytes(block, bytes);
        (exit, output) = CliRunner.Run("inspect", block, "--json");
        Assert.Equal(1, exit);
        using var damaged = JsonDocument.Parse(output);
        Assert.False(damaged.RootElement.GetProperty("intact").GetBoolean());
    }

    [Fact]
    public void The_demo_runs_the_seed_scenario_and_succeeds()
    {
        var (exit, output) = CliRunner.Run("demo", "--size", "400KB", "--seed", "7", "--work", Path.Combine(_root, "demo"));
        Assert.Equal(0, exit);
        Assert.Matches("^[0-9a-f]{64}$", output.Trim());
        Assert.True(Directory.Exists(Path.Combine(_root, "demo", "restored")));
    }

    [Fact]
    public void The_codec_bench_prints_the_documented_json_keys()
    {
        var (exit, output) = CliRunner.Run("bench", "codec", "--size", "256KiB", "--trials", "2", "--json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        foreach (var key in new[] { "encode_mb_s", "decode_mb_s", "sha3_mb_s", "xor_gb_s", "overhead_mean", "overhead_max", "encode_vs_hash_bound", "decode_vs_hash_bound" })
            Assert.True(json.RootElement.GetProperty(key).GetDouble() > 0, key);
        Assert.True(json.RootElement.GetProperty("overhead_max").GetDouble() >= json.RootElement.GetProperty("overhead_mean").GetDouble());
    }

    [Theory]
    [InlineData("encode")]                                        // no paths, no --out
    [InlineData("encode", "x", "--out", "o", "--redundancy", "0")]
    [InlineData("encode", "x", "--out", "o", "--format", "v9")]
    [InlineData("encode", "does-not-exist", "--out", "o")]
    [InlineData("decode", "no-such-folder", "--out", "o")]
    [InlineData("inspect", "no-such-file")]
    [InlineData("demo", "--delete", "1.5")]
    [InlineData("bench", "codec", "--trials", "0")]
    public void Bad_input_fails_with_a_non_zero_exit_code(params string[] args)
    {
        File.WriteAllText(Path.Combine(_root, "x"), "a real input, so that only the option under test is wrong");
        var saved = Directory.GetCurrentDirectory();
        Directory.SetCurrentDirectory(_root);
        try { Assert.NotEqual(0, CliRunner.Run(args).ExitCode); }
        finally { Directory.SetCurrentDirectory(saved); }
        Assert.False(Directory.Exists(Path.Combine(_root, "o")), "a failed command left output behind");
    }

    [Fact]
    public void Every_command_has_help()
    {
        var commands = new List<string[]>();
        void Walk(Command command, string[] path)
        {
            commands.Add(path);
            foreach (var sub in command.Subcommands) Walk(sub, [.. path, sub.Name]);
        }
        Walk(Program.BuildRoot(), []);
        Assert.True(commands.Count > 5);
        foreach (var path in commands)
        {
            var (exit, output) = CliRunner.Run([.. path, "--help"]);
            Assert.Equal(0, exit);
            Assert.Contains("Usage:", output);
        }
    }
}

public sealed class CodecConfigurationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fountain-config-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Reference_conf_says_what_the_code_defaults_are()
    {
        var settings = Fountain.Cli.Configuration.FountainConfig.Load().Read(Fountain.Cli.Configuration.CodecSettings.Read);
        Assert.Equal(new Fountain.Codec.Lt.LtLayoutPolicy(), settings.Layout);
        Assert.Equal(new Fountain.Codec.Artwork.EncodeOptions().Redundancy, settings.Redundancy);
        Assert.Equal(3, settings.ZstdLevel);
        Assert.Equal(Fountain.Codec.Archive.ArchiveLimits.Default, settings.Archive);
        Assert.Equal(Fountain.Codec.Blocks.BlockLimits.Default with { MaxArchiveBytes = settings.Blocks.MaxArchiveBytes }, settings.Blocks);
    }

    [Fact]
    public void A_config_file_overrides_the_reference_and_an_option_overrides_the_file()
    {
        var input = Path.Combine(_root, "in.bin");
        File.WriteAllBytes(input, new byte[50_000]);
        var config = Path.Combine(_root, "node.conf");
        File.WriteAllText(config, "fountain.codec { redundancy = 3 }\n");
        int Blocks(params string[] extra)
        {
            var folder = Path.Combine(_root, "blocks-" + Guid.NewGuid().ToString("N"));
            Assert.Equal(0, CliRunner.Run(["encode", input, "--out", folder, .. extra]).ExitCode);
            return Directory.EnumerateFiles(folder).Count();
        }
        int reference = Blocks(), fromFile = Blocks("--config", config), fromOption = Blocks("--config", config, "--redundancy", "6");
        Assert.True(fromFile * 3 < reference, $"redundancy 3 from the file gave {fromFile} blocks, the reference's 12 gave {reference}");
        Assert.True(fromOption > fromFile * 3 / 2, $"--redundancy 6 gave {fromOption} blocks, the file's 3 gave {fromFile}");
    }

    [Fact]
    public void Layers_apply_in_order_reference_file_environment_command_line()
    {
        var file = Path.Combine(_root, "layers.conf");
        File.WriteAllText(file, "fountain.codec { redundancy = 3, zstd-level = 7, lt-c = 0.05 }\n");
        var environment = new Dictionary<string, string?>
        {
            ["FOUNTAIN__CODEC__ZSTD_LEVEL"] = "9",             // overrides the file
            ["FOUNTAIN__CODEC__MIN_BLOCK_BYTES"] = "8KiB",      // a hyphenated key, a size with a unit
            ["PATH"] = "/usr/bin",                               // not ours: ignored
        };
        var settings = Fountain.Cli.Configuration.FountainConfig.Load(file, ["fountain.codec.zstd-level=11"], environment).Read(Fountain.Cli.Configuration.CodecSettings.Read);
        Assert.Equal(3, settings.Redundancy);          // file over reference
        Assert.Equal(0.05, settings.Layout.C);         // file over reference
        Assert.Equal(8192, settings.Layout.MinBlockBytes); // environment
        Assert.Equal(11, settings.ZstdLevel);          // command line over environment over file
        Assert.Equal(32768, settings.Layout.TargetSourceSymbols); // reference where nobody spoke
        Assert.Throws<FormatException>(() => Fountain.Cli.Configuration.FountainConfig.Load(null, ["not a setting"], environment));
    }

    [Fact]
    public void A_broken_config_file_is_a_clear_error()
    {
        var config = Path.Combine(_root, "broken.conf");
        File.WriteAllText(config, "fountain.codec { redundancy = \n");
        Assert.Equal(1, CliRunner.Run("encode", config, "--out", Path.Combine(_root, "o"), "--config", config).ExitCode);
        Assert.Equal(1, CliRunner.Run("encode", config, "--out", Path.Combine(_root, "o"), "--config", Path.Combine(_root, "missing.conf")).ExitCode);
    }
}

public sealed class LabCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fountain-lab-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string ScenarioFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "cluster-lab"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "cluster-lab");
    }

    [Fact]
    public void Lab_list_succeeds_on_the_scenarios_and_fails_without_them()
    {
        // The table goes through Spectre's own console, which this in-process runner does not capture.
        Assert.Equal(0, CliRunner.Run("lab", "list", "--dir", ScenarioFolder()).ExitCode);
        Assert.Equal(1, CliRunner.Run("lab", "list", "--dir", Path.Combine(_root, "nowhere")).ExitCode);
    }

    [Fact]
    public void Lab_run_writes_results_and_a_report_and_refuses_unknown_keys()
    {
        var scenario = Path.Combine(ScenarioFolder(), "durability.conf");
        var output = Path.Combine(_root, "out");
        var (exit, _) = CliRunner.Run("lab", "run", scenario, "--runs", "2", "--out", output,
            "--set", "timesteps=20", "--set", "parameters.nodes=100", "--set", "parameters.artworks=20");
        Assert.Equal(0, exit);
        Assert.True(new FileInfo(Path.Combine(output, "results.csv")).Length > 0);
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(output, "report.html")));

        var refused = Path.Combine(_root, "refused");
        Assert.Equal(1, CliRunner.Run("lab", "run", scenario, "--out", refused, "--set", "parameters.no-such-key=1").ExitCode);
        Assert.False(Directory.Exists(refused));
    }
}
