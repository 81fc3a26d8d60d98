using System.Security.Cryptography;
using Fountain.Node.Cluster;
using System.Security.Cryptography.X509Certificates;

namespace Fountain.Cluster.Tests.Membership;

/// <summary>
/// Remoting over TLS, configured as README says, through the node's own HOCON (an <c>akka</c> block in its
/// configuration, laid over Fountain's cluster settings): two masternodes with a certificate form their cluster, at
/// akka.ssl.tcp addresses (derived from the chain with that scheme, or no member would find itself in the roster).
/// </summary>
public sealed class TlsRemotingTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("fountain-tls-").FullName;
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        var pfx = Path.Combine(_folder, "cluster.pfx");
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=fountain-cluster", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, "secret"));
        }
        // A self-signed test certificate: validation suppressed here; a real network validates (README).
        var tls = $$"""
            akka.remote.dot-netty.tcp {
              enable-ssl = true
              ssl {
                suppress-validation = true
                certificate { path = "{{pfx.Replace("\\", "/")}}", password = "secret" }
              }
            }
            """;
        _cluster = await MemberNodes.StartAsync(2, Path.Combine(_folder, "cluster"), configure: (_, s) => s with { AkkaHocon = tls, });
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Members_with_a_certificate_form_their_cluster_over_TLS()
    {
        var addresses = _cluster.RunningNodes.Select(n => n.ClusterMembership!.Address).ToList();
        try
        {
            await MemberNodes.EventuallyAsync(() => MemberNodes.AllSeeUp(_cluster.RunningNodes, addresses), TimeSpan.FromSeconds(20), "both Up over TLS");
        }
        finally
        {
            foreach (var n in _cluster.RunningNodes)
            {
                var st = MemberNodes.ClusterOf(n).State;
                output.WriteLine($"{n.ClusterMembership!.Address}: members {string.Join(", ", st.Members.Select(m => m.Address + " " + m.Status))}; unreachable {st.Unreachable.Count}; guard reads {n.ClusterMembership.Roster?.Entries.Count}");
            }
        }
        Assert.All(addresses, a => Assert.StartsWith("akka.ssl.tcp://", a));
    }
}
