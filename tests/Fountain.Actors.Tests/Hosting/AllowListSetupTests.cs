using Akka.Actor;
using Akka.Actor.Setup;
using Fountain.Actors.Hosting;
using Fountain.Actors.Tests.Support;

namespace Fountain.Actors.Tests.Hosting;

/// <summary>
/// The host's additions to Hyperion's allow-list (<see cref="FountainSerializationSetup"/>), as the node will give its
/// check report and what that carries: a type is allowed only in the system given it, and a closed generic collection
/// is allowed as a whole, its arguments included.
/// </summary>
public sealed class AllowListSetupTests
{
    public sealed record Carrier(string Id, IReadOnlyList<string> Names) : IFountainMessage;

    private static async Task<T> WithSystemAsync<T>(IEnumerable<Type> allowed, Func<ActorSystem, T> use)
    {
        var setup = ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(AkkaConfigs.Fountain()), new FountainSerializationSetup(allowed));
        var system = ActorSystem.Create("allow-list", setup);
        try
        {
            return use(system);
        }
        finally
        {
            await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    private static object RoundTrip(ActorSystem system, object message)
    {
        var serializer = system.Serialization.FindSerializerFor(message);
        Assert.IsType<FountainHyperionSerializer>(serializer);
        return serializer.FromBinary(serializer.ToBinary(message), message.GetType());
    }

    [Fact]
    public async Task A_type_the_host_allows_round_trips_with_the_generic_collection_it_carries()
    {
        var message = new Carrier("a1", new List<string> { "x", "y" });
        var back = (Carrier)await WithSystemAsync([typeof(Carrier), typeof(List<string>)], s => RoundTrip(s, message));
        Assert.Equal("a1", back.Id);
        Assert.Equal(["x", "y"], back.Names);
    }

    [Fact]
    public async Task Without_the_hosts_setup_or_with_only_the_outer_type_it_is_refused()
    {
        var message = new Carrier("a1", new List<string> { "x" });
        Assert.ThrowsAny<Exception>(() => WithSystemAsync([], s => RoundTrip(s, message)).GetAwaiter().GetResult());
        Assert.ThrowsAny<Exception>(() => WithSystemAsync([typeof(Carrier), typeof(List<int>)], s => RoundTrip(s, message)).GetAwaiter().GetResult());
    }

    [Fact]
    public void Generic_names_match_with_their_arguments_whatever_the_versions_written()
    {
        var list = new FountainHyperionSerializer.AllowList([typeof(List<string>)]);
        Assert.True(list.IsAllowed(typeof(List<string>).AssemblyQualifiedName!));
        Assert.True(list.IsAllowed("System.Collections.Generic.List`1[[System.String, System.Private.CoreLib, Version=9.9.9.9, Culture=neutral, PublicKeyToken=7cec85d7bea7798e]], System.Private.CoreLib, Version=1.0.0.0"));
        Assert.True(list.IsAllowed("System.Collections.Generic.List`1[[System.String,System.Private.CoreLib]],System.Private.CoreLib"));
        Assert.True(list.IsAllowed("System.Collections.Generic.List`1[[System.String, System.Private.CoreLib,%core%]], System.Private.CoreLib,%core%")); // as Hyperion writes it
        Assert.False(list.IsAllowed(typeof(List<int>).AssemblyQualifiedName!));
        Assert.False(list.IsAllowed("System.Collections.Generic.List`1, System.Private.CoreLib"));
    }
}
