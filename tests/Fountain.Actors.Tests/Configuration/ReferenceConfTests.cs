using Fountain.Actors.Configuration;
using Fountain.Actors.Persistence;
using Fountain.Actors.Sharding;
using Microsoft.Extensions.Configuration;

namespace Fountain.Actors.Tests.Configuration;

/// <summary>hocon/reference.conf and the code's defaults must say the same thing.</summary>
public sealed class ReferenceConfTests
{
    private static IConfiguration Reference(string? overrides = null)
    {
        var builder = new ConfigurationBuilder().AddHoconFile(Path.Combine(HoconDocumentTests.RepositoryRoot(), "hocon", "reference.conf"));
        if (overrides is not null) builder.AddHoconString(overrides, "overrides");
        return builder.Build();
    }

    [Fact]
    public void Actor_settings_in_reference_conf_are_the_defaults()
    {
        var read = ActorSystemSettings.FromConfiguration(Reference());
        var defaults = new ActorSystemSettings();
        Assert.Equal(defaults.DefaultMailbox, read.DefaultMailbox);
        Assert.Equal(defaults.SystemLaneCapacityMessages, read.SystemLaneCapacityMessages);
        Assert.Equal(defaults.ShutdownTimeout, read.ShutdownTimeout);
        Assert.Equal(defaults.RandomSeed, read.RandomSeed);
        Assert.Equal(defaults.DefaultSupervisorStrategy.MaxRestarts, read.DefaultSupervisorStrategy.MaxRestarts);
        Assert.Equal(defaults.DefaultSupervisorStrategy.RestartWindow, read.DefaultSupervisorStrategy.RestartWindow);
        Assert.Equal(defaults.DefaultSupervisorStrategy.MinBackoff, read.DefaultSupervisorStrategy.MinBackoff);
        Assert.Equal(defaults.DefaultSupervisorStrategy.MaxBackoff, read.DefaultSupervisorStrategy.MaxBackoff);
        Assert.Equal(defaults.DefaultSupervisorStrategy.BackoffJitter, read.DefaultSupervisorStrategy.BackoffJitter);
        Assert.Equal(defaults.DedicatedDispatchers, read.DedicatedDispatchers);
    }

    [Fact]
    public void Sharding_and_persistence_settings_in_reference_conf_are_the_defaults()
    {
        Assert.Equal(new ShardingSettings(), ShardingSettings.FromConfiguration(Reference()) with { RegionMailbox = new ShardingSettings().RegionMailbox });
        Assert.Equal(new ShardingSettings().RegionMailbox, ShardingSettings.FromConfiguration(Reference()).RegionMailbox);
        Assert.Equal(new JournalConfiguration(), JournalConfiguration.FromConfiguration(Reference()));
    }

    [Fact]
    public void A_node_file_overrides_and_bad_values_name_their_setting()
    {
        var read = ActorSystemSettings.FromConfiguration(Reference("fountain.actors.mailbox { capacity-messages = 50, overflow = drop-to-dead-letters }"));
        Assert.Equal(50, read.DefaultMailbox.CapacityMessages);
        Assert.Equal(OverflowStrategy.DropToDeadLetters, read.DefaultMailbox.Overflow);
        var error = Assert.Throws<FormatException>(() => ActorSystemSettings.FromConfiguration(Reference("fountain.actors.supervision.min-backoff = soon")));
        Assert.Contains("fountain:actors:supervision:min-backoff", error.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ActorSystemSettings.FromConfiguration(Reference("fountain.actors.mailbox.capacity-messages = 0")));
        Assert.Throws<FormatException>(() => JournalConfiguration.FromConfiguration(Reference("fountain.persistence.journal = postgres")));
    }
}
