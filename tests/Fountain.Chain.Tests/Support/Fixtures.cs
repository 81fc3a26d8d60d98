using System.Security.Cryptography;
using Fountain.Chain.Identity;
using Fountain.Chain.Model;
using Fountain.Chain.Rules;
using Fountain.Chain.State;
using Fountain.Chain.Transactions;
using Fountain.Economics;

namespace Fountain.Chain.Tests.Support;

/// <summary>Keys, payloads and a few steps that most chain tests share.</summary>
internal static class Fixtures
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static long Tokens(long whole) => whole * Fountain.Economics.Tokens.UnitsPerToken;

    public static ChainOptions Options => ChainOptions.Default with { GenesisSeed = "fountain-tests" };

    public static ChainState Genesis(ChainOptions? options = null) => ChainRules.Genesis(options ?? Options, Start).Value;

    public static SignedTransaction Sign(ChainState state, NodeKey key, TransactionPayload payload, long? nonce = null, string? chainId = null) =>
        SignedTransaction.Create(new Transaction(chainId ?? state.ChainId, nonce ?? state.NextNonceOf(key.Id), payload), key);

    /// <summary>Applies and insists it is accepted.</summary>
    public static ChainState Accept(ChainState state, NodeKey key, TransactionPayload payload)
    {
        var result = ChainRules.Apply(state, Sign(state, key, payload));
        Assert.True(result.IsOk, $"{payload.GetType().Name} was rejected: {result.Rejection}");
        return result.Value;
    }

    /// <summary>Applies and insists it is rejected with <paramref name="code"/>.</summary>
    public static Rejection Reject(ChainState state, NodeKey key, TransactionPayload payload, string code)
    {
        var result = ChainRules.Apply(state, Sign(state, key, payload));
        Assert.False(result.IsOk, $"{payload} was accepted");
        Assert.Equal(code, result.Rejection!.Code);
        return result.Rejection;
    }

    public static ChainState Seal(ChainState state, int heights = 1)
    {
        for (int i = 0; i < heights; i++) state = HeightSealing.Seal(state, state.Head.Time + state.Options.HeightInterval);
        return state;
    }

    /// <summary>A funded, registered masternode at endpoint http://127.0.0.1:{port}.</summary>
    public static ChainState RegisterNode(ChainState state, NodeKey node, int port)
    {
        state = Accept(state, node, new Faucet(Tokens(2_000)));
        return Accept(state, node, new RegisterMasternode($"http://127.0.0.1:{port}", Tokens(1_000)));
    }

    /// <summary>
    /// Makes registered nodes members: seals the pending height (their registrations), has each report its storage
    /// from the next height and seals that too (Masternode.AwaitingFirstReport). Two heights, as the nodes' own
    /// StorageReporter would take.
    /// </summary>
    public static ChainState Members(ChainState state, IEnumerable<NodeKey> nodes, long reportedBytes = 1_000)
    {
        state = Seal(state);
        foreach (var node in nodes) state = Accept(state, node, new ReportStorage(reportedBytes, 0, reportedBytes));
        return Seal(state);
    }

    public static string Id(string seed) => Convert.ToHexStringLower(SHA3_256.HashData(System.Text.Encoding.UTF8.GetBytes(seed)));

    public static CodecParameters Codec(long archiveLength = 1_000_000) =>
        new("v1", archiveLength, (int)((archiveLength + 127) / 128), 128, 64, 0.03, 0.5);

    public static RegisterArtwork Artwork(string seed, int blocks = 4, long archiveLength = 1_000_000, long maxFee = long.MaxValue) =>
        new(Id(seed), Codec(archiveLength), Enumerable.Range(1, blocks).Select(i => new TicketBlock((uint)i, Id($"{seed}/block/{i}"))).ToArray(), 3, maxFee);

    /// <summary>Signs and submits one transaction through a <see cref="ChainSender"/> of its own (tests send one at a time).</summary>
    public static Task<TransactionResult> SendAsync(this IChain chain, NodeKey signer, TransactionPayload payload, CancellationToken cancellation = default) =>
        new ChainSender(chain, signer).SendAsync(payload, cancellation);

    /// <summary>Every token on the chain: all accounts, pool, faucet and collateral included.</summary>
    public static long TotalUnits(ChainState state) => state.Ledger.TotalTokens().Units;
}
