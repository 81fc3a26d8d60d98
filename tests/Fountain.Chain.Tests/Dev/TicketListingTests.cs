using System.Net;
using System.Text.Json;
using Fountain.Testing;
using Fountain.Chain.Dev;
using Fountain.Chain.Http;
using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Selection;
using Fountain.Chain.Transactions;
using static Fountain.Chain.Tests.Support.Fixtures;
using Fountain.Chain.Tests.Support;

namespace Fountain.Chain.Tests.Dev;

/// <summary>
/// The ticket listing (IChain.ListTicketsAsync) in process and over HTTP: paging sees each ticket once, in order, with its
/// amendments; the server's caps bound a page yet always let paging progress; malformed queries get a 400 and a reason.
/// </summary>
public sealed class TicketListingTests : IAsyncLifetime
{
    private const int ArtworkCount = 23;
    private readonly NodeKey[] _nodes = Enumerable.Range(0, 3).Select(_ => NodeKey.Create()).ToArray();
    private readonly NodeKey _owner = NodeKey.Create();
    private DevChain _chain = null!;
    private ChainServer _server = null!;
    private ChainClient _client = null!;
    private string _amendedId = "";

    /// <summary>Three masternodes, <see cref="ArtworkCount"/> artworks of 1 to 5 blocks (sizes vary with the seed), one of them amended.</summary>
    public async Task InitializeAsync()
    {
        _chain = DevChain.StartInMemory(Options, new ManualClock(Start));
        _server = await ChainServer.StartAsync(_chain, new ChainServerOptions { Listen = "http://127.0.0.1:0", MaxListedTickets = 7, MaxListedBlocks = 12 });
        _client = new ChainClient(_server.Address);
        for (int i = 0; i < _nodes.Length; i++)
        {
            await _chain.SendAsync(_nodes[i], new Faucet(Tokens(2_000)));
            Assert.True((await _chain.SendAsync(_nodes[i], new RegisterMasternode($"http://127.0.0.1:{7100 + i}", Tokens(1_000)))).Accepted);
        }
        await _chain.SendAsync(_owner, new Faucet(Tokens(1_000)));
        for (int i = 0; i < ArtworkCount; i++)
            Assert.True((await _chain.SendAsync(_owner, Artwork($"listed-{i}", blocks: 1 + i % 5))).Accepted);
        await _chain.SealNowAsync();
        foreach (var node in _nodes) Assert.True((await _chain.SendAsync(node, new ReportStorage(1_000, 0, 1_000))).Accepted); // members from height 2
        await _chain.SealNowAsync();

        _amendedId = Artwork("listed-4").ArtworkId;
        var custodians = Custody.Custodians(_amendedId, _chain.State.Head, _chain.State.Masternodes.Values, 2);
        var primary = _nodes.Single(n => n.Id == custodians[0]);
        var verifier = _nodes.Single(n => n.Id == custodians[1]);
        var amend = new AmendArtwork(_amendedId, _chain.State.Head.Height, 0, [new TicketBlock(99, Id("listed-4/healed"))], "heal", verifier.PublicKeyBase64, "");
        amend = amend with { VerifierSignature = Convert.ToBase64String(verifier.Sign(amend.SignedContent(_chain.ChainId, primary.Id))) };
        var amended = await _chain.SendAsync(primary, amend);
        Assert.True(amended.Accepted, amended.Rejection);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
        await _chain.DisposeAsync();
        foreach (var n in _nodes) n.Dispose();
        _owner.Dispose();
    }

    private static async Task<List<TicketPage>> AllPages(IChain chain, int maxTickets)
    {
        var pages = new List<TicketPage>();
        string? after = null;
        do
        {
            var page = await chain.ListTicketsAsync(after, maxTickets);
            pages.Add(page);
            after = page.NextAfter;
            Assert.True(pages.Count <= ArtworkCount + 1, "the listing does not end");
        }
        while (after is not null);
        return pages;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(1000)]
    public async Task Paging_in_process_and_over_http_sees_every_ticket_once_in_order_with_its_amendments(int maxTickets)
    {
        var expected = _chain.State.Tickets.Keys.ToList();
        Assert.Equal(ArtworkCount, expected.Count);
        foreach (var chain in new IChain[] { _chain, _client })
        {
            var pages = await AllPages(chain, maxTickets);
            var listed = pages.SelectMany(p => p.Tickets).ToList();
            Assert.Equal(expected, listed.Select(t => t.ArtworkId));
            Assert.All(pages, p => Assert.InRange(p.Tickets.Count, 1, maxTickets));
            Assert.All(pages[..^1], p => Assert.Equal(p.Tickets[^1].ArtworkId, p.NextAfter));
            var amended = listed.Single(t => t.ArtworkId == _amendedId);
            Assert.Equal(Id("listed-4/healed"), amended.Amendments.Single().AddedBlocks.Single().BlockId);
            Assert.Equal(_chain.State.Tickets[_amendedId].AllBlocks, amended.AllBlocks);
        }
    }

    [Fact]
    public async Task The_server_caps_tickets_and_blocks_per_page_but_always_lists_one_ticket()
    {
        var pages = await AllPages(_client, 1000);
        Assert.All(pages, p => Assert.InRange(p.Tickets.Count, 1, 7));
        // A page holds at most 12 blocks unless its one ticket alone has more (none here has more than 6).
        Assert.All(pages, p => Assert.True(p.Tickets.Sum(t => t.AllBlocks.Count()) <= 12 || p.Tickets.Count == 1));
        Assert.Contains(pages, p => p.Tickets.Count < 7 && p.NextAfter is not null); // the block cap cut some page short

        await using var server = await ChainServer.StartAsync(_chain, new ChainServerOptions { Listen = "http://127.0.0.1:0", MaxListedBlocks = 1 });
        using var client = new ChainClient(server.Address);
        var single = await AllPages(client, 1000);
        Assert.Equal(ArtworkCount, single.Count);
        Assert.All(single, p => Assert.Single(p.Tickets));
    }

    [Fact]
    public async Task A_cursor_need_not_be_registered_and_the_end_is_an_empty_page_or_a_null_cursor()
    {
        var ids = _chain.State.Tickets.Keys.ToList();
        var below = JustBelow(ids[10]);
        Assert.True(string.CompareOrdinal(below, ids[9]) > 0 && !_chain.State.Tickets.ContainsKey(below));
        var page = await _client.ListTicketsAsync(below, 2);
        Assert.Equal([ids[10], ids[11]], page.Tickets.Select(t => t.ArtworkId));
        var last = await _client.ListTicketsAsync(ids[^2], 5);
        Assert.Equal((ids[^1], (string?)null), (last.Tickets.Single().ArtworkId, last.NextAfter));
        var beyond = await _chain.ListTicketsAsync(new string('f', 64), 5);
        Assert.Equal((0, (string?)null), (beyond.Tickets.Count, beyond.NextAfter));
        await using var empty = DevChain.StartInMemory(Options, new ManualClock(Start));
        Assert.Empty((await empty.ListTicketsAsync(null, 5)).Tickets);
    }

    /// <summary>The hex id one less than <paramref name="id"/>, as a 256-bit number.</summary>
    private static string JustBelow(string id)
    {
        var digits = id.ToCharArray();
        int i = digits.Length - 1;
        while (digits[i] == '0') digits[i--] = 'f';
        digits[i] = "0123456789abcdef"[Convert.ToInt32(digits[i].ToString(), 16) - 1];
        return new string(digits);
    }

    [Theory]
    [InlineData("?max=0", "max")]
    [InlineData("?max=-3", "max")]
    [InlineData("?max=ten", "max")]
    [InlineData("?max=99999999999", "max")]
    [InlineData("?max=1&max=2", "max")]
    [InlineData("?after=abc", "after")]
    [InlineData("?after=ABCDEF0000000000000000000000000000000000000000000000000000000000", "after")]
    [InlineData("?after=", "after")]
    public async Task Malformed_queries_get_a_400_that_names_the_problem(string query, string named)
    {
        using var http = new HttpClient { BaseAddress = _server.Address };
        using var response = await http.GetAsync("/chain/tickets" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), ChainJson.Default.ChainError)!;
        Assert.StartsWith(named, error.Error);
    }

    [Fact]
    public async Task Bad_arguments_are_refused_before_anything_is_asked()
    {
        foreach (var chain in new IChain[] { _chain, _client })
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => chain.ListTicketsAsync("not-an-id", 5));
            await Assert.ThrowsAnyAsync<ArgumentException>(() => chain.ListTicketsAsync(null, 0));
        }
    }
}
