using Fountain.Actors.Configuration;
using Microsoft.Extensions.Configuration;

namespace Fountain.Actors.Tests.Configuration;

public sealed class HoconConfigurationProviderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("fountain-hocon-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Layers_load_in_order_reference_then_node_then_environment_then_command_line()
    {
        File.WriteAllText(Path.Combine(_dir, "reference.conf"), "fountain { codec { block-size = 2MiB, redundancy = 12, zstd-level = 15 }, node.name = ref }");
        File.WriteAllText(Path.Combine(_dir, "common.conf"), "fountain.node.region = eu");
        File.WriteAllText(Path.Combine(_dir, "node.conf"), "include \"common.conf\"\nfountain.codec.redundancy = 8\nfountain.node.name = n1");
        var configuration = new ConfigurationBuilder()
            .AddHoconFile(Path.Combine(_dir, "reference.conf"))
            .AddHoconFile(Path.Combine(_dir, "node.conf"))
            .AddHoconFile(Path.Combine(_dir, "absent.conf"), optional: true)
            // Stand-ins for the environment and command-line providers, which add the same kind of keys.
            .AddInMemoryCollection(new Dictionary<string, string?> { ["fountain:codec:zstd-level"] = "3", ["fountain:node:name"] = "env" })
            .AddInMemoryCollection(new Dictionary<string, string?> { ["fountain:node:name"] = "cli" })
            .Build();

        Assert.Equal("2MiB", configuration["fountain:codec:block-size"]);
        Assert.Equal(2L * 1024 * 1024, configuration.GetBytes("fountain:codec:block-size", 0));
        Assert.Equal("8", configuration["fountain:codec:redundancy"]);
        Assert.Equal("3", configuration["fountain:codec:zstd-level"]);
        Assert.Equal("cli", configuration["fountain:node:name"]);
        Assert.Equal("eu", configuration["fountain:node:region"]);
        Assert.Equal(TimeSpan.FromSeconds(5), configuration.GetDuration("fountain:absent", TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Nested_includes_resolve_relative_to_the_including_file()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "conf", "parts"));
        File.WriteAllText(Path.Combine(_dir, "node.conf"), "include \"conf/main.conf\"\nb = 2");
        File.WriteAllText(Path.Combine(_dir, "conf", "main.conf"), "include \"parts/a.conf\"");
        File.WriteAllText(Path.Combine(_dir, "conf", "parts", "a.conf"), "a = 1\nbad = [");
        var error = Assert.Throws<HoconException>(() => new ConfigurationBuilder().AddHoconFile(Path.Combine(_dir, "node.conf")).Build());
        Assert.StartsWith(Path.Combine(_dir, "conf", "parts", "a.conf") + ":2:", error.Message);

        File.WriteAllText(Path.Combine(_dir, "conf", "parts", "a.conf"), "a = 1");
        var configuration = new ConfigurationBuilder().AddHoconFile(Path.Combine(_dir, "node.conf")).Build();
        Assert.Equal("1", configuration["a"]);
        Assert.Equal("2", configuration["b"]);
    }

    [Fact]
    public void Missing_required_file_fails_with_its_path()
    {
        var path = Path.Combine(_dir, "nope.conf");
        var error = Assert.Throws<FileNotFoundException>(() => new ConfigurationBuilder().AddHoconFile(path).Build());
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Parse_error_in_a_file_names_the_file()
    {
        var path = Path.Combine(_dir, "bad.conf");
        File.WriteAllText(path, "a = [1,\n");
        var error = Assert.Throws<HoconException>(() => new ConfigurationBuilder().AddHoconFile(path).Build());
        Assert.StartsWith(path + ":", error.Message);
    }

    [Fact]
    public void String_source_is_named_in_errors()
    {
        var configuration = new ConfigurationBuilder().AddHoconString("a.b = 1", "inline").Build();
        Assert.Equal("1", configuration["a:b"]);
        var error = Assert.Throws<HoconException>(() => new ConfigurationBuilder().AddHoconString("a = ", "inline").Build());
        Assert.StartsWith("inline:1:", error.Message);
    }
}
