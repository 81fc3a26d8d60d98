using System.Security.Cryptography;
using System.Text;
using Fountain.Actors.Cluster;
using Fountain.Chain.Model;

namespace Fountain.Actors.Tests.Cluster;

/// <summary>Masternode ids, chain heads and rosters for the cluster tests.</summary>
internal static class Rosters
{
    /// <summary>A 64-digit hex node id, stable per name.</summary>
    public static string NodeId(string name) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("node:" + name))).ToLowerInvariant();

    /// <summary>An epoch head whose hash is stable per height.</summary>
    public static ChainHead Epoch(long height) =>
        new(height, Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("epoch:" + height))).ToLowerInvariant(), DateTimeOffset.UnixEpoch);

    /// <summary>A 64-digit hex artwork id, stable per name.</summary>
    public static string ArtworkId(string name) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("artwork:" + name))).ToLowerInvariant();

    /// <summary>A roster of the given addresses, every node eligible, node i named by its address.</summary>
    public static MasternodeRoster Of(ChainHead epoch, params string[] addresses) =>
        new(epoch, addresses.Select(a => new RosterEntry(NodeId(a), a, true)).ToList());

    public static Masternode Masternode(string name, string endpoint, long registeredAt = 0) =>
        new(NodeId(name), "key-" + name, endpoint, 1000, registeredAt, null, 0);
}
