using FsCheck;
using FsCheck.Fluent;
using Fountain.Actors.Configuration;

namespace Fountain.Actors.Tests.Configuration;

public sealed class HoconDocumentTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    private static HoconDocument Parse(string text, Func<string, string?>? includes = null, Func<string, string?>? env = null) =>
        HoconDocument.Parse(text, "test.conf", includes, env ?? NoEnvironment);

    [Fact]
    public void Reads_objects_dotted_keys_both_separators_and_comments()
    {
        var doc = Parse("""
            # a comment
            fountain {
              codec {
                block-size = 2MiB   // trailing comment
                redundancy: 12
              }
              codec.zstd-level = 3
            }
            fountain.node { name = "n1", port = 8080 }
            """);
        Assert.Equal(2 * 1024 * 1024, doc.GetBytes("fountain.codec.block-size"));
        Assert.Equal(12, doc.GetInt("fountain.codec.redundancy"));
        Assert.Equal(3, doc.GetInt("fountain.codec.zstd-level"));
        Assert.Equal("n1", doc.GetString("fountain.node.name"));
        Assert.Equal(8080, doc.GetInt("fountain.node.port"));
        Assert.Equal(["codec", "node"], doc.GetObject("fountain").Keys);
    }

    [Fact]
    public void Root_braces_are_optional()
    {
        Assert.Equal("b", Parse("{ a = b }").GetString("a"));
    }

    [Fact]
    public void Later_objects_merge_and_later_scalars_win()
    {
        var doc = Parse("""
            a { x = 1, y = 2 }
            a { y = 3, z = 4 }
            b = 1
            b = 2
            """);
        Assert.Equal(1, doc.GetInt("a.x"));
        Assert.Equal(3, doc.GetInt("a.y"));
        Assert.Equal(4, doc.GetInt("a.z"));
        Assert.Equal(2, doc.GetInt("b"));
    }

    [Fact]
    public void Strings_quoted_unquoted_and_triple_quoted()
    {
        var doc = Parse(""""
            q = "tab\there \"quoted\" \u0041"
            u = hello world  # unquoted with inner space kept
            t = """line one
            "line" two"""
            """");
        Assert.Equal("tab\there \"quoted\" A", doc.GetString("q"));
        Assert.Equal("hello world", doc.GetString("u"));
        Assert.Equal("line one\n\"line\" two", doc.GetString("t").Replace("\r\n", "\n"));
    }

    [Fact]
    public void Arrays_with_commas_newlines_and_concatenation()
    {
        var doc = Parse("""
            a = [1, 2,
                 3
                ]
            b = [x] [y, z]
            objs = [ { n = 1 }, { n = 2 } ]
            c = [1]
            c += 2
            """);
        Assert.Equal(["1", "2", "3"], doc.GetStringList("a"));
        Assert.Equal(["x", "y", "z"], doc.GetStringList("b"));
        Assert.Equal(2, doc.GetList("objs")[1].AsObject().GetInt("n"));
        Assert.Equal(["1", "2"], doc.GetStringList("c"));
    }

    [Fact]
    public void Substitutions_resolve_against_the_whole_document_including_later_keys()
    {
        var doc = Parse("""
            base { timeout = 20s, size = 512KiB }
            derived = ${base}
            derived { size = 1MiB }
            msg = "port "${port}" ok"
            port = 80
            forward = ${later.value}
            later.value = 7
            path = "a"
            path = ${path}"/b"
            """);
        Assert.Equal(TimeSpan.FromSeconds(20), doc.GetDuration("derived.timeout"));
        Assert.Equal(1024 * 1024, doc.GetBytes("derived.size"));
        Assert.Equal(512 * 1024, doc.GetBytes("base.size"));
        Assert.Equal("port 80 ok", doc.GetString("msg"));
        Assert.Equal(7, doc.GetInt("forward"));
        Assert.Equal("a/b", doc.GetString("path"));
    }

    [Fact]
    public void Optional_substitution_falls_back_to_the_environment_or_disappears()
    {
        var env = new Dictionary<string, string> { ["FOUNTAIN_PORT"] = "9000" };
        var doc = Parse("""
            port = 8080
            port = ${?FOUNTAIN_PORT}
            name = default
            name = ${?FOUNTAIN_NAME}
            missing = ${?NOWHERE}
            """, env: k => env.GetValueOrDefault(k));
        Assert.Equal(9000, doc.GetInt("port"));
        Assert.Equal("default", doc.GetString("name"));
        Assert.False(doc.HasPath("missing"));
    }

    [Fact]
    public void Include_merges_the_included_object_and_missing_optional_include_is_ignored()
    {
        var files = new Dictionary<string, string>
        {
            ["base.conf"] = "fountain { codec { redundancy = 12, zstd-level = 15 } }",
        };
        var doc = Parse("""
            include "base.conf"
            include "absent.conf"
            fountain.codec.zstd-level = 3
            """, includes: n => files.GetValueOrDefault(n));
        Assert.Equal(12, doc.GetInt("fountain.codec.redundancy"));
        Assert.Equal(3, doc.GetInt("fountain.codec.zstd-level"));

        var error = Assert.Throws<HoconException>(() => Parse("include required(\"absent.conf\")", includes: n => files.GetValueOrDefault(n)));
        Assert.Contains("absent.conf", error.Message);
    }

    [Fact]
    public void A_field_named_include_is_a_field()
    {
        var doc = Parse("include = 5\nincluded { x = 1 }\ninclude-list: [a]");
        Assert.Equal(5, doc.GetInt("include"));
        Assert.Equal(1, doc.GetInt("included.x"));
        Assert.Equal(["a"], doc.GetStringList("include-list"));
    }

    [Fact]
    public void Include_cycle_is_reported_not_followed_forever()
    {
        var error = Assert.Throws<HoconException>(() => Parse("include \"self.conf\"", includes: _ => "include \"self.conf\""));
        Assert.Contains("cycle", error.Message);
    }

    [Theory]
    [InlineData("20s", 20_000)]
    [InlineData("5 minutes", 300_000)]
    [InlineData("100ms", 100)]
    [InlineData("250", 250)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("2 days", 172_800_000)]
    public void Durations(string text, long milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Parse($"d = {text}").GetDuration("d"));
    }

    [Theory]
    [InlineData("2MiB", 2L * 1024 * 1024)]
    [InlineData("512KiB", 512L * 1024)]
    [InlineData("1GB", 1_000_000_000L)]
    [InlineData("1G", 1L << 30)]
    [InlineData("4096", 4096L)]
    [InlineData("16GiB", 16L << 30)]
    [InlineData("1.5 kB", 1500L)]
    public void Sizes(string text, long bytes)
    {
        Assert.Equal(bytes, Parse($"s = {text}").GetBytes("s"));
    }

    [Theory]
    [InlineData("a = 1\nb = {\n  c = \"open\n}", 3, 7, "unterminated string")]
    [InlineData("a = 1\nb = [1, 2", 2, 10, "expected ']'")]
    [InlineData("a {\n  b = 1\n", 3, 1, "expected '}'")]
    [InlineData("a = 1\n  = 2", 2, 3, "expected a key")]
    [InlineData("x = ${nope}", 1, 5, "could not resolve '${nope}'")]
    [InlineData("a = ${b}\nb = ${a}", 2, 5, "cycle")]
    public void Errors_name_the_source_line_and_column(string text, int line, int column, string message)
    {
        var error = Assert.Throws<HoconException>(() => Parse(text));
        Assert.Equal(new HoconPosition("test.conf", line, column), error.Position);
        Assert.StartsWith($"test.conf:{line}:{column}: ", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Type_errors_point_at_the_value()
    {
        var doc = Parse("a = 1\nsize = 12 parsecs\n");
        var error = Assert.Throws<HoconException>(() => doc.GetBytes("size"));
        Assert.Equal(2, error.Position.Line);
        Assert.Equal(8, error.Position.Column);
        Assert.Contains("unknown size unit 'parsecs'", error.Message);
        Assert.Contains("missing setting 'nope'", Assert.Throws<HoconException>(() => doc.GetInt("nope")).Message);
        Assert.Throws<HoconException>(() => doc.GetObject("a"));
    }

    [Fact]
    public void Sizes_that_are_negative_fractional_bytes_or_overflow_are_refused()
    {
        Assert.Throws<HoconException>(() => Parse("s = -1KiB").GetBytes("s"));
        Assert.Throws<HoconException>(() => Parse("s = 0.5B").GetBytes("s"));
        Assert.Throws<HoconException>(() => Parse("s = 9999999PiB").GetBytes("s"));
    }

    [Fact]
    public void Flatten_uses_colon_keys_and_list_indices()
    {
        var flat = Parse("fountain { codec { block-size = 2MiB }, peers = [a, b], empty {} }").Flatten().ToDictionary();
        Assert.Equal("2MiB", flat["fountain:codec:block-size"]);
        Assert.Equal("a", flat["fountain:peers:0"]);
        Assert.Equal("b", flat["fountain:peers:1"]);
        Assert.True(flat.ContainsKey("fountain:empty"));
    }

    [Fact]
    public void The_repository_reference_conf_parses()
    {
        var path = Path.Combine(RepositoryRoot(), "hocon", "reference.conf");
        var doc = HoconDocument.Load(path, NoEnvironment);
        Assert.Equal(2 * 1024 * 1024, doc.GetBytes("fountain.codec.block-size"));
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Fountain.Actors.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}

public sealed class HoconUnitPropertyTests
{
    [Fact]
    public void Durations_and_sizes_in_every_unit_parse_to_the_same_amount()
    {
        Prop.ForAll(Gen.Choose(0, 1_000_000).ToArbitrary(), n =>
            HoconUnits.ParseDuration($"{n}ms") == TimeSpan.FromMilliseconds(n)
            && HoconUnits.ParseDuration($"{n} seconds") == TimeSpan.FromSeconds(n)
            && HoconUnits.ParseDuration(n.ToString(System.Globalization.CultureInfo.InvariantCulture)) == TimeSpan.FromMilliseconds(n)
            && HoconUnits.ParseBytes($"{n}KiB") == n * 1024L
            && HoconUnits.ParseBytes($"{n} kB") == n * 1000L
            && HoconUnits.ParseBytes($"{n}MiB") == n * 1024L * 1024).QuickCheckThrowOnFailure();
    }
}
