using System.Net;
using System.Net.Sockets;
using Fountain.Node.Cluster;

namespace Fountain.Cli.Tests.Commands;

/// <summary>
/// The free port range `cluster demo` (and the cluster tests) run their members on: every port of the range is free at
/// every offset (API, Akka, status page), and a bind that loses the race for a port is recognised, so the demo retries.
/// </summary>
public sealed class FreePortsTests
{
    [Fact]
    public void A_range_found_is_free_at_every_offset()
    {
        int first = FreePorts.FindRange(12, [0, 1000, 2000], new Random(5));
        foreach (int offset in new[] { 0, 1000, 2000 })
            Assert.All(Enumerable.Range(first + offset, 12), port => Assert.True(FreePorts.IsFree(port), $"port {port}"));
    }

    [Fact]
    public void A_port_someone_listens_on_is_not_free_and_binding_it_is_recognised_as_address_in_use()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        int port = ((IPEndPoint)holder.LocalEndpoint).Port;
        Assert.False(FreePorts.IsFree(port));

        using var second = new TcpListener(IPAddress.Loopback, port);
        var error = Assert.Throws<SocketException>(() => second.Start());
        Assert.True(FreePorts.IsAddressInUse(error));
        // As Akka.Hosting reports a remoting port taken: AggregateExceptions around Akka's RemoteTransportException around the SocketException.
        Assert.True(FreePorts.IsAddressInUse(new AggregateException(new AggregateException(new InvalidOperationException("Failed to bind", error)))));
        Assert.False(FreePorts.IsAddressInUse(new InvalidOperationException("something else")));
    }

    [Fact]
    public void A_range_that_cannot_fit_below_the_highest_port_is_refused()
    {
        Assert.Throws<ArgumentException>(() => FreePorts.FindRange(10, [0, 50_000], new Random(1)));
    }
}
