using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Fountain.Codec.Hashing;

namespace Fountain.Chain.Rules;

/// <summary>
/// The chain's hashes. A height's hash is SHA3-256(previous hash ‖ height as 8 bytes big-endian ‖ the 32-byte ids of
/// its transactions in order), so it commits to the whole history, signers included (a transaction's id covers its
/// body and its signer's key: <see cref="Transactions.SignedTransaction.IdOf"/>); the genesis hash commits to the genesis seed and
/// the genesis allocations, and the chain id is derived from it, so two chains with different genesis never accept
/// each other's transactions.
/// </summary>
internal static class ChainHashes
{
    public static string Height(string previousHash, long height, IEnumerable<string> transactionIds)
    {
        using var sha = Sha3.CreateIncremental();
        sha.AppendData(Convert.FromHexString(previousHash));
        Span<byte> h = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(h, height);
        sha.AppendData(h);
        foreach (var id in transactionIds) sha.AppendData(Convert.FromHexString(id));
        return Sha3.Finish(sha).ToString();
    }

    public static string Genesis(ChainOptions options)
    {
        var text = new StringBuilder("fountain/genesis/v1\n").Append(options.GenesisSeed).Append('\n');
        foreach (var (id, units) in options.GenesisAllocations) text.Append(id).Append('=').Append(units).Append('\n');
        text.Append("reward-pool=").Append(options.RewardPoolGenesisBaseUnits).Append('\n');
        text.Append("faucet=").Append(options.FaucetGenesisBaseUnits).Append('\n');
        return Sha3.HashHex(Encoding.UTF8.GetBytes(text.ToString()));
    }

    public static string ChainId(string genesisHash) => "fountain-dev-" + genesisHash[..16];
}
