using Akka.Configuration;
using Fountain.Chain.Configuration;

namespace Fountain.Node.Configuration;

/// <summary>
/// The masternode's defaults: <c>fountain.node</c>, <c>fountain.challenges</c>, <c>fountain.scrubbing</c> and
/// <c>fountain.healing</c>, from the reference.conf built into this assembly, over the chain's defaults (a node follows
/// the chain's custody rule, <c>fountain.chain.custody-verifiers</c>). Read them with <see cref="NodeSettings.Read"/>.
/// </summary>
public static class NodeConfig
{
    /// <summary>The text of src/Fountain.Node/reference.conf, comments included.</summary>
    public static string ReferenceText { get; } = ReferenceConf.Text(typeof(NodeConfig).Assembly, "Fountain.Node.reference.conf");

    /// <summary>This component's defaults over the chain's, everything <see cref="NodeSettings.Read"/> needs.</summary>
    public static Config Defaults { get; } = ConfigurationFactory.ParseString(ReferenceText).WithFallback(ChainConfig.Defaults);
}
