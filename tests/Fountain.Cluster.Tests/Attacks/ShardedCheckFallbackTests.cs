using Fountain.Node.Healing;

namespace Fountain.Cluster.Tests.Attacks;

/// <summary>The pure rule of the healing loop's fallback: which artworks a custodian checks locally (<see cref="ShardedCheckFallback"/>).</summary>
public sealed class ShardedCheckFallbackTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan After = TimeSpan.FromSeconds(30);
    private static IReadOnlySet<string> Set(params string[] ids) => ids.ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void An_artwork_whose_shard_is_not_hosted_here_is_checked_locally_once_the_bound_has_passed_and_every_round_after()
    {
        var fallback = new ShardedCheckFallback(After);
        Assert.Empty(fallback.Round(["a"], Set(), T0));
        Assert.Empty(fallback.Round(["a"], Set(), T0 + After - TimeSpan.FromSeconds(1)));
        Assert.Equal(["a"], fallback.Round(["a"], Set(), T0 + After));
        Assert.Equal(["a"], fallback.Round(["a"], Set(), T0 + After * 2));
    }

    [Fact]
    public void A_shard_hosted_here_is_left_to_the_sharded_actor_and_its_wait_starts_again_if_it_goes()
    {
        var fallback = new ShardedCheckFallback(After);
        Assert.Empty(fallback.Round(["a"], Set(), T0));
        Assert.Empty(fallback.Round(["a"], Set("a"), T0 + After));
        Assert.Equal(0, fallback.Untaken);
        Assert.Empty(fallback.Round(["a"], Set(), T0 + After * 2)); // untaken again: a new wait starts
        Assert.Equal(["a"], fallback.Round(["a"], Set(), T0 + After * 3));
    }

    [Fact]
    public void An_artwork_no_longer_checked_here_is_forgotten()
    {
        var fallback = new ShardedCheckFallback(After);
        Assert.Empty(fallback.Round(["a", "b"], Set(), T0));
        Assert.Equal(["b"], fallback.Round(["b"], Set(), T0 + After));
        Assert.Equal(1, fallback.Untaken);
        Assert.Empty(fallback.Round(["a"], Set(), T0 + After * 2)); // "a" comes back: its wait starts afresh
    }

    [Fact]
    public void A_check_asked_for_now_goes_local_only_for_an_artwork_the_rounds_found_overdue()
    {
        var fallback = new ShardedCheckFallback(After);
        Assert.False(fallback.IsOverdue("a", T0));
        fallback.Round(["a"], Set(), T0);
        Assert.False(fallback.IsOverdue("a", T0 + After - TimeSpan.FromSeconds(1)));
        Assert.True(fallback.IsOverdue("a", T0 + After));
        fallback.Round(["a"], Set("a"), T0 + After);
        Assert.False(fallback.IsOverdue("a", T0 + After * 2));
    }
}
