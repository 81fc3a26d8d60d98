using System.Text.Json;
using Fountain.Cli.Tests.Support;

namespace Fountain.Cli.Tests.Commands;

/// <summary>What is a block: inspect refuses other files, and decode finds pastel-v0 blocks by their content, whatever their names.</summary>
public sealed class BlockDetectionTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fountain-block-detection-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Input(int bytes)
    {
        var folder = Path.Combine(_root, "art");
        Directory.CreateDirectory(folder);
        var data = new byte[bytes];
        new Random(bytes).NextBytes(data);
        File.WriteAllBytes(Path.Combine(folder, "image.bin"), data);
        return folder;
    }

    [Theory]
    [InlineData("notes.txt", "The quick brown fox jumps over the lazy dog; this text is long enough to fill a 44-byte header and more.")]
    [InlineData("random.bin", null)]
    public void Inspect_says_a_file_that_is_no_block_is_not_a_block_and_fails(string name, string? text)
    {
        var path = Path.Combine(_root, name);
        if (text is not null) File.WriteAllText(path, text);
        else
        {
            var bytes = new byte[5000];
            new Random(3).NextBytes(bytes);
            bytes[8] = 1; bytes[9] = bytes[10] = bytes[11] = 0; // a plausible pastel-v0 seed, so that only the length can tell
            File.WriteAllBytes(path, bytes);
        }
        var (exit, output) = CliRunner.Run("inspect", path, "--json");
        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("not a block", json.RootElement.GetProperty("format").GetString());
        Assert.StartsWith("this file is not a block", json.RootElement.GetProperty("problem").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("header").ValueKind);
    }

    [Fact]
    public void Inspect_still_reads_a_pastel_v0_block_under_any_name()
    {
        var blocks = Path.Combine(_root, "blocks");
        Assert.Equal(0, CliRunner.Run("encode", Input(100_000), "--out", blocks, "--format", "pastel-v0", "--block-size", "20000").ExitCode);
        var renamed = Path.Combine(_root, "some-block.bin");
        File.Copy(Directory.EnumerateFiles(blocks).First(), renamed);
        var (_, output) = CliRunner.Run("inspect", renamed, "--json");
        using var json = JsonDocument.Parse(output);
        Assert.Equal("pastel-v0", json.RootElement.GetProperty("format").GetString());
    }

    [Fact]
    public void Inspect_prints_its_table_on_standard_output_as_it_is_at_each_run()
    {
        var blocks = Path.Combine(_root, "blocks");
        Assert.Equal(0, CliRunner.Run("encode", Input(80_000), "--out", blocks, "--block-size", "16KiB").ExitCode);
        foreach (var block in Directory.EnumerateFiles(blocks).Order(StringComparer.Ordinal).Take(2))
        {
            var (exit, output) = CliRunner.Run("inspect", block);
            Assert.Equal(0, exit);
            Assert.Contains(Path.GetFileNameWithoutExtension(block).Split("BlockHash_")[1], output); // the computed id, in the table
            Assert.DoesNotContain('\u001b', output);
        }
    }

    [Fact]
    public void Decode_finds_renamed_pastel_v0_blocks_by_their_content_and_skips_other_files()
    {
        var blocks = Path.Combine(_root, "blocks");
        var (exit, output) = CliRunner.Run("encode", Input(150_000), "--out", blocks, "--format", "pastel-v0", "--block-size", "20000");
        Assert.Equal(0, exit);
        var artworkId = output.Trim();
        var renamed = Path.Combine(_root, "renamed");
        Directory.CreateDirectory(renamed);
        int n = 0;
        foreach (var file in Directory.EnumerateFiles(blocks)) File.Copy(file, Path.Combine(renamed, $"part-{++n:000}.bin"));
        File.WriteAllText(Path.Combine(renamed, "README.txt"), "These are the blocks of my artwork, renamed by a tool that did not keep the names.");

        (exit, output) = CliRunner.Run("decode", renamed, "--out", Path.Combine(_root, "restored"));
        Assert.Equal(0, exit);
        Assert.Equal(artworkId, output.Trim()); // named by the archive's hash, as the blocks' own names would have said
        Assert.Equal(File.ReadAllBytes(Path.Combine(_root, "art", "image.bin")), File.ReadAllBytes(Path.Combine(_root, "restored", "art", "image.bin")));
    }

    [Fact]
    public void Decode_of_a_folder_without_any_block_says_so()
    {
        var folder = Path.Combine(_root, "nothing");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "a.txt"), "not a block at all, and long enough to be read as a pastel-v0 header.");
        Assert.Equal(1, CliRunner.Run("decode", folder, "--out", Path.Combine(_root, "out")).ExitCode);
    }
}
