using System.Security.Cryptography;
using System.Text;
using Fountain.Codec.Hashing;

namespace Fountain.Chain.Selection;

/// <summary>
/// Rendezvous (highest-random-weight) selection, the way every node and client picks the same masternodes from
/// the same list without a coordinator (DESIGN.md, "Identities, selection, epochs"):
/// score(node) = SHA3-256(purpose ‖ 0x00 ‖ key ‖ seed ‖ node id bytes), compared as big-endian numbers, lowest first.
/// Purposes: "place" (block holders; key = block id; no seed, so placement is stable), "custody" (who heals an
/// artwork this epoch; seed = epoch seed), "challenge". Removing a node moves only the keys it held.
/// </summary>
public static class Rendezvous
{
    public const string Place = "place";
    public const string Custody = "custody";
    public const string Challenge = "challenge";

    /// <summary>The <paramref name="count"/> nodes with the lowest scores, lowest first. Node ids are 64-digit hex.</summary>
    public static IReadOnlyList<string> Select(string purpose, ReadOnlySpan<byte> key, ReadOnlySpan<byte> seed, IEnumerable<string> nodeIds, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var prefix = new byte[Encoding.UTF8.GetByteCount(purpose) + 1 + key.Length + seed.Length];
        int written = Encoding.UTF8.GetBytes(purpose, prefix);
        prefix[written++] = 0;
        key.CopyTo(prefix.AsSpan(written));
        seed.CopyTo(prefix.AsSpan(written + key.Length));

        var scored = new List<(byte[] Score, string Id)>();
        var buffer = new byte[prefix.Length + 32];
        prefix.CopyTo(buffer, 0);
        foreach (var id in nodeIds.Distinct(StringComparer.Ordinal))
        {
            if (!TryParseId(id, buffer.AsSpan(prefix.Length))) throw new ArgumentException($"'{id}' is not a 64-digit hex node id.", nameof(nodeIds));
            var score = new byte[32];
            Sha3.Hash(buffer, score);
            scored.Add((score, id));
        }
        scored.Sort((a, b) => a.Score.AsSpan().SequenceCompareTo(b.Score));
        return scored.Take(count).Select(s => s.Id).ToList();
    }

    private static bool TryParseId(string id, Span<byte> destination) =>
        id.Length == 64 && Convert.FromHexString(id, destination, out _, out int written) == System.Buffers.OperationStatus.Done && written == 32;
}
