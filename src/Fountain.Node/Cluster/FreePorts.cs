using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;

namespace Fountain.Node.Cluster;

/// <summary>
/// Finds a block of loopback ports that are free now, for a <see cref="LocalCluster"/> in cluster mode: a member's Akka
/// address is derived from its registered endpoint (its API port plus fountain.node.cluster.akka-port-offset), so the
/// API ports cannot be ephemeral (port 0), and a node's Akka port and status page (API port + 2000) must be free too.
/// A port found free can still be taken before the node binds it: callers retry with a new range when a bind fails
/// (<see cref="IsAddressInUse"/>).
/// </summary>
public static class FreePorts
{
    /// <summary>Below the range Linux hands out for ephemeral ports (32768 and up), so an outgoing connection rarely takes one.</summary>
    private const int Lowest = 20_000;

    private const int Highest = ushort.MaxValue;

    /// <summary>
    /// A first port p such that, for every offset o in <paramref name="offsets"/>, the ports p+o .. p+o+count-1 are free
    /// on 127.0.0.1 now.
    /// </summary>
    /// <param name="count">How many consecutive ports each offset needs (one per node).</param>
    /// <param name="offsets">0 for the API ports, plus the Akka offset, the status page's offset ...</param>
    /// <param name="random">Where the search starts; a random start keeps parallel test processes apart.</param>
    /// <param name="attempts">How many ranges are tried before giving up.</param>
    public static int FindRange(int count, IReadOnlyCollection<int> offsets, Random random, int attempts = 200)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentNullException.ThrowIfNull(random);
        if (offsets.Count == 0 || offsets.Any(o => o < 0)) throw new ArgumentException("offsets must be given and not negative", nameof(offsets));
        int highestFirst = Highest - offsets.Max() - count + 1;
        if (highestFirst <= Lowest) throw new ArgumentException($"{count} ports at offsets up to {offsets.Max()} do not fit between {Lowest} and {Highest}", nameof(offsets));
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            int first = random.Next(Lowest, highestFirst + 1);
            if (offsets.All(o => Enumerable.Range(first + o, count).All(IsFree))) return first;
        }
        throw new InvalidOperationException($"no {count} free ports at offsets {string.Join(", ", offsets)} found in {attempts} attempts");
    }

    /// <summary>Whether a listener can bind the port on 127.0.0.1 now.</summary>
    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether a failed start failed to bind a port someone else holds: Kestrel's AddressInUseException, or a
    /// SocketException (Akka's transport) with AddressAlreadyInUse, anywhere among the inner exceptions.
    /// </summary>
    public static bool IsAddressInUse(Exception error)
    {
        var pending = new Stack<Exception>([error]);
        while (pending.TryPop(out var e))
        {
            if (e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }) return true;
            if (e is AddressInUseException) return true;
            if (e is AggregateException aggregate) foreach (var inner in aggregate.InnerExceptions) pending.Push(inner);
            else if (e.InnerException is { } inner) pending.Push(inner);
        }
        return false;
    }
}
