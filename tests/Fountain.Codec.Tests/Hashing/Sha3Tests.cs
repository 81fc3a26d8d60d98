using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using Fountain.Codec.Hashing;

namespace Fountain.Codec.Tests.Hashing;

/// <summary>
/// Both SHA3-256 implementations give FIPS 202's bytes and each other's, one-shot, incremental and from a stream:
/// a node on macOS (BouncyCastle) must name artworks and blocks exactly as a node on Linux (OpenSSL) does.
/// </summary>
public sealed class Sha3Tests
{
    /// <summary>The platform's engine only where it exists, so these tests run (on BouncyCastle alone) elsewhere too.</summary>
    public static TheoryData<string> Engines()
    {
        var engines = new TheoryData<string> { Sha3Engine.BouncyCastle.Name };
        if (SHA3_256.IsSupported) engines.Add(Sha3Engine.Platform.Name);
        return engines;
    }

    private static Sha3Engine Engine(string name) => name == Sha3Engine.Platform.Name ? Sha3Engine.Platform : Sha3Engine.BouncyCastle;

    private static byte[] OneMebibyte() => Enumerable.Range(0, 1 << 20).Select(i => (byte)(i * 7 % 251)).ToArray();

    [Theory]
    [MemberData(nameof(Engines))]
    public void Known_vectors(string engine)
    {
        // FIPS 202 examples (empty, "abc", a million 'a'); the 1 MiB one from Python's hashlib, another implementation.
        Assert.Equal("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a", OneShot(Engine(engine), []));
        Assert.Equal("3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532", OneShot(Engine(engine), "abc"u8));
        Assert.Equal("5c8875ae474a3634ba4fd55ec85bffd661f32aca75c6d699d0cdcb6c115891c1", OneShot(Engine(engine), Enumerable.Repeat((byte)'a', 1_000_000).ToArray()));
        Assert.Equal("b105a447ba244f8eaaaec97d9630ff8d440ea4459153fd7ce91f3a879e53b80a", OneShot(Engine(engine), OneMebibyte()));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Incremental_and_stream_give_the_one_shot_digest_and_the_hasher_starts_over_after_each(string engine)
    {
        var data = OneMebibyte();
        var expected = OneShot(Engine(engine), data);
        using var hasher = Engine(engine).CreateHasher();
        foreach (int piece in new[] { 1, 135, 136, 137, 4096, 100_003 })
        {
            for (int i = 0; i < data.Length; i += piece) hasher.AppendData(data, i, Math.Min(piece, data.Length - i));
            Assert.Equal(expected, Finish(hasher));
        }
        Span<byte> digest = stackalloc byte[32];
        Engine(engine).Hash(new MemoryStream(data), digest);
        Assert.Equal(expected, Convert.ToHexStringLower(digest));
    }

    [Fact]
    public void The_engines_agree_on_random_data_split_at_random_places()
    {
        // Lengths around SHA3-256's 136-byte rate, where padding edge cases live, and beyond.
        var property = Prop.ForAll(Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf().ToArbitrary(), Gen.Choose(1, 300).ToArbitrary(), (data, piece) =>
        {
            var bouncy = OneShot(Sha3Engine.BouncyCastle, data);
            using var hasher = Sha3Engine.BouncyCastle.CreateHasher();
            for (int i = 0; i < data.Length; i += piece) hasher.AppendData(data.AsSpan(i, Math.Min(piece, data.Length - i)));
            bool agree = Finish(hasher) == bouncy;
            if (SHA3_256.IsSupported) agree &= OneShot(Sha3Engine.Platform, data) == bouncy;
            return agree;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    [Fact]
    public void The_platform_engine_is_used_where_the_platform_has_one()
    {
        Assert.Equal(SHA3_256.IsSupported ? "platform" : "BouncyCastle", Sha3.ImplementationName);
        Assert.Equal(OneShot(Sha3Engine.BouncyCastle, "fountain"u8), Sha3.HashHex("fountain"u8));
        using var hasher = Sha3.CreateIncremental();
        hasher.AppendData("foun"u8);
        hasher.AppendData("tain"u8);
        Assert.Equal(Sha3.Hash("fountain"u8), Sha3.Finish(hasher));
    }

    private static string OneShot(Sha3Engine engine, ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[32];
        engine.Hash(data, digest);
        return Convert.ToHexStringLower(digest);
    }

    private static string Finish(Sha3Hasher hasher)
    {
        Span<byte> digest = stackalloc byte[32];
        hasher.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }
}
