using Akka.Actor;
using Fountain.Chain.Identity;
using Fountain.Chain.Transactions;
using Fountain.Node.Api;
using Fountain.Node.Network;
using Fountain.Node.Scrubbing;
using Fountain.Node.Storage;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.Hosting;

/// <summary>What the parts of one running node share: its identity, settings, clock, store, actors and chain view.</summary>
internal sealed class NodeServices
{
    public required NodeSettings Settings { get; init; }
    public required NodeKey Key { get; init; }
    public required TimeProvider Clock { get; init; }
    public required BlockStore Store { get; init; }
    public required ChainView Chain { get; init; }
    /// <summary>Sends this node's transactions, one at a time: every part of the node shares it.</summary>
    public required ChainSender Sender { get; init; }
    public required RequestAuthenticator Authenticator { get; init; }
    /// <summary>For uploads to other nodes; HTTP/2, shared by every session.</summary>
    public required HttpClient Http { get; init; }
    public required ILogger Log { get; init; }
    /// <summary>Store sessions running; at most <see cref="NodeSettings.MaxStoreSessions"/>.</summary>
    public required SemaphoreSlim StoreSessions { get; init; }

    /// <summary>The node's actor system, once the host has started it (Akka.Hosting starts it with the web host).</summary>
    public ActorSystem Actors { get; set; } = null!;

    /// <summary>The block holder, the only writer of <see cref="Store"/>, behind its admission limit.</summary>
    public BlockHolderGate Holder { get; set; } = null!;

    public string NodeId => Key.Id;

    /// <summary>What the block scrubber has checked and quarantined; shown in /status.</summary>
    public ScrubCounters Scrub { get; } = new();

    /// <summary>The URL this node is reachable at, once the server is listening.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The healing duty (artwork actors), once the node is registered.</summary>
    public Healing.HealingService? Healing { get; set; }

    /// <summary>How long a local write may wait for the block holder: generous, it only guards against a stuck disk.</summary>
    public TimeSpan WriteTimeout => Settings.RequestTimeout;

    /// <summary>How long an ask of a codec actor may take: a whole session or check, which bound their own work.</summary>
    public TimeSpan CodecTimeout => Settings.StoreSessionTimeout > Settings.Healing.CheckTimeout ? Settings.StoreSessionTimeout : Settings.Healing.CheckTimeout;
}
