using Fountain.Chain.Identity;
using Fountain.Chain.Rules;
using Fountain.Chain.State;
using Fountain.Chain.Transactions;
using static Fountain.Chain.Tests.Support.Fixtures;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Rules;

/// <summary>
/// One place on the network is one masternode: the attack registers another spelling of an occupied endpoint under a
/// fresh key (MasternodeEndpoints).
/// </summary>
public sealed class EndpointTests
{
    private static ChainState Registered(ChainState state, NodeKey node, string endpoint)
    {
        state = Accept(state, node, new Faucet(Tokens(2_000)));
        return Accept(state, node, new RegisterMasternode(endpoint, Tokens(1_000)));
    }

    private static void Taken(ChainState state, string endpoint)
    {
        using var attacker = NodeKey.Create();
        state = Accept(state, attacker, new Faucet(Tokens(2_000)));
        Reject(state, attacker, new RegisterMasternode(endpoint, Tokens(1_000)), "endpoint-taken");
    }

    [Theory]
    [InlineData("http://127.1:7100")]             // short form
    [InlineData("http://127.0.1:7100")]
    [InlineData("http://0177.0.0.1:7100")]        // octal
    [InlineData("http://0x7f.0.0.1:7100")]        // hexadecimal
    [InlineData("http://2130706433:7100")]        // one 32-bit number
    [InlineData("http://127.0.0.1:7100")]         // no trailing slash
    [InlineData("HTTP://127.0.0.1:7100/")]        // upper-case scheme
    [InlineData("http://127.0.0.1:07100/")]       // zero-padded port
    [InlineData("http://127.0.0.1:7100/./")]      // dot segment
    [InlineData("http://127.0.0.1.:7100/")]       // trailing dot
    [InlineData("https://127.0.0.1:7100/")]       // another scheme on the same port
    [InlineData("http://[::ffff:127.0.0.1]:7100/")] // IPv4-mapped IPv6
    [InlineData("http://localhost:7100/")]
    [InlineData("http://LocalHost.:7100/")]
    public void Another_spelling_of_an_occupied_ip_endpoint_is_refused(string alias)
    {
        using var victim = NodeKey.Create();
        var state = Registered(Genesis(), victim, "http://127.0.0.1:7100/");
        Taken(state, alias);
    }

    [Fact]
    public void Another_spelling_of_an_occupied_name_or_ipv6_endpoint_is_refused()
    {
        using var a = NodeKey.Create();
        using var b = NodeKey.Create();
        var state = Registered(Genesis(), a, "http://node.example.com");
        state = Registered(state, b, "http://[::1]:7100");
        foreach (var alias in new[] { "http://NODE.Example.COM:80/", "http://node.example.com.", "https://node.example.com:80", "http://[0:0:0:0:0:0:0:1]:7100/", "http://[0::1]:7100" })
            Taken(state, alias);
    }

    [Theory]
    [InlineData("http://127.1:7100", "http://127.0.0.1:7100/")]
    [InlineData("http://Node.Example.COM", "http://node.example.com:80/")]
    [InlineData("https://node.example.com./", "https://node.example.com:443/")]
    [InlineData("http://[0:0:0:0:0:0:0:1]:7100", "http://[::1]:7100/")]
    [InlineData("http://[::ffff:10.0.0.1]:7100", "http://10.0.0.1:7100/")]
    [InlineData("http://bücher.de:7100", "http://xn--bcher-kva.de:7100/")]
    [InlineData("http://localhost:7100", "http://127.0.0.1:7100/")]
    public void The_chain_stores_the_canonical_endpoint(string endpoint, string canonical)
    {
        using var node = NodeKey.Create();
        var state = Registered(Genesis(), node, endpoint);
        Assert.Equal(canonical, state.Masternodes[node.Id].Endpoint);
    }

    [Theory]
    [InlineData("http://user@127.0.0.1:7101")]
    [InlineData("http://user:pw@127.0.0.1:7101")]
    [InlineData("http://127.0.0.1:7101?")]
    [InlineData("http://127.0.0.1:7101/?a=1")]
    [InlineData("http://127.0.0.1:7101#")]
    [InlineData("http://127.0.0.1:7101/#x")]
    [InlineData("http://127.0.0.1:7101/api")]
    [InlineData("ftp://127.0.0.1:7101")]
    [InlineData("file:///etc/passwd")]
    [InlineData("ws://127.0.0.1:7101")]
    [InlineData("http://0.0.0.0:7101")]
    [InlineData("http://0:7101")]
    [InlineData("http://[::]:7101")]
    [InlineData("http://[fe80::1%25eth0]:7101")]
    [InlineData("http://1.2.3.4.5:7101")]
    [InlineData("http://256.0.0.1:7101")]
    [InlineData("http://a_b.example:7101")]
    [InlineData("http://127.0.0.1:0")]
    [InlineData(" http://127.0.0.1:7101")]
    [InlineData("http://127.0.0.1:7101/\n")]
    [InlineData("127.0.0.1:7101")]
    public void Hostile_or_undiallable_endpoints_are_refused(string endpoint)
    {
        using var node = NodeKey.Create();
        var state = Accept(Genesis(), node, new Faucet(Tokens(2_000)));
        Reject(state, node, new RegisterMasternode(endpoint, Tokens(1_000)), "bad-endpoint");
    }

    [Fact]
    public void The_limit_holds_for_the_canonical_form_too()
    {
        using var node = NodeKey.Create();
        var state = Accept(Genesis(Options with { MaxEndpointChars = 24 }), node, new Faucet(Tokens(2_000)));
        Reject(state, node, new RegisterMasternode("http://bücher.de:7100", Tokens(1_000)), "bad-endpoint"); // 21 characters, 29 in punycode
        Assert.True(MasternodeEndpoints.TryCanonicalize("http://bücher.de:7100", 29, out var canonical, out _));
        Assert.Equal("http://xn--bcher-kva.de:7100/", canonical);
    }

    [Fact]
    public void Distinct_places_still_register()
    {
        var keys = Enumerable.Range(0, 5).Select(_ => NodeKey.Create()).ToArray();
        try
        {
            var state = Genesis();
            string[] endpoints = ["http://127.0.0.1:7100", "http://127.0.0.1:7101", "http://127.0.0.2:7100", "http://[::1]:7100", "http://node.example.com:7100"];
            for (int i = 0; i < keys.Length; i++) state = Registered(state, keys[i], endpoints[i]);
            Assert.Equal(5, state.Masternodes.Count);
            Assert.Equal(5, state.Masternodes.Values.Select(m => MasternodeEndpoints.PlaceOf(m.Endpoint)).Distinct().Count());
        }
        finally
        {
            foreach (var k in keys) k.Dispose();
        }
    }
}
