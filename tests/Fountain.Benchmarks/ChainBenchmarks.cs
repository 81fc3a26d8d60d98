using System.Text;
using BenchmarkDotNet.Attributes;
using Fountain.Chain;
using Fountain.Chain.Identity;
using Fountain.Chain.Rules;
using Fountain.Chain.State;
using Fountain.Chain.Transactions;

namespace Fountain.Benchmarks;

/// <summary>
/// The development chain's hot paths: applying a signed transaction (every submission) and sealing a height (every
/// interval). The baseline is the one ECDSA P-256 verification every transaction needs, so the ratio column says what
/// the rules cost on top of checking the signature. The state holds 1000 funded accounts and 100 masternodes.
/// </summary>
[MemoryDiagnoser]
public class ChainBenchmarks
{
    private ChainState _state = null!;
    private SignedTransaction _transfer = null!;
    private byte[] _signedBytes = null!;
    private byte[] _signature = null!;
    private byte[] _publicKey = null!;
    private NodeKey _sender = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = ChainOptions.Default with { MinCollateralBaseUnits = 0 };
        var state = ChainRules.Genesis(options, DateTimeOffset.UnixEpoch).Value;
        for (int i = 0; i < 100; i++)
        {
            using var node = NodeKey.Create();
            state = ChainRules.Apply(state, SignedTransaction.Create(new Transaction(state.ChainId, 0, new RegisterMasternode($"http://10.0.{i / 250}.{i % 250}:5000", 0)), node)).Value;
            state = ChainRules.Apply(state, SignedTransaction.Create(new Transaction(state.ChainId, 1, new ReportStorage(1L << 40, 1L << 30, (1L << 40) - (1L << 30))), node)).Value;
        }
        _sender = NodeKey.Create();
        state = ChainRules.Apply(state, SignedTransaction.Create(new Transaction(state.ChainId, 0, new Faucet(1_000_000_000_000)), _sender)).Value;
        for (int i = 0; i < 900; i++)
        {
            var recipient = Convert.ToHexStringLower(System.Security.Cryptography.SHA3_256.HashData(BitConverter.GetBytes(i)));
            state = ChainRules.Apply(state, SignedTransaction.Create(new Transaction(state.ChainId, 1 + i, new Transfer(recipient, 100_000_000)), _sender)).Value;
        }
        _state = HeightSealing.Seal(state, DateTimeOffset.UnixEpoch);
        _transfer = SignedTransaction.Create(new Transaction(_state.ChainId, _state.NextNonceOf(_sender.Id), new Transfer(new string('a', 64), 1)), _sender);
        _signedBytes = Encoding.UTF8.GetBytes("fountain/tx/v1\n" + _transfer.Body);
        _signature = Convert.FromBase64String(_transfer.Signature);
        _publicKey = _sender.PublicKey;
    }

    [GlobalCleanup]
    public void Cleanup() => _sender.Dispose();

    [Benchmark(Baseline = true)]
    public bool VerifySignatureOnly() => PublicKeys.Verify(_publicKey, _signedBytes, _signature);

    [Benchmark]
    public bool ApplyTransfer() => ChainRules.Apply(_state, _transfer).IsOk;

    [Benchmark]
    public ChainState SealHeightWith100Masternodes() => HeightSealing.Seal(_state, DateTimeOffset.UnixEpoch.AddSeconds(5));
}
