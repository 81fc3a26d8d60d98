namespace Fountain.Actors;

/// <summary>
/// One-for-one supervision: each failed child is handled on its own. Restarts are limited to
/// <see cref="MaxRestarts"/> within <see cref="RestartWindow"/> (one more stops the child), and each restart
/// waits an exponential back-off: MinBackoff·2^(restarts in the window), at most MaxBackoff, plus a random
/// jitter of up to BackoffJitter of that delay so that many failed actors do not restart in lock-step.
/// </summary>
public sealed record SupervisorStrategy
{
    /// <summary>The directive for an exception; by default a failed start stops, anything else restarts.</summary>
    public Func<Exception, Directive> Decider { get; init; } = DefaultDecider;

    public int MaxRestarts { get; init; } = 10;
    public TimeSpan RestartWindow { get; init; } = TimeSpan.FromMinutes(1);
    public TimeSpan MinBackoff { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Fraction (0..1) of the back-off added at random.</summary>
    public double BackoffJitter { get; init; } = 0.2;

    public static Directive DefaultDecider(Exception exception) =>
        exception is ActorInitializationException ? Directive.Stop : Directive.Restart;

    /// <summary>The delay before the next restart, given how many restarts the window already holds.</summary>
    internal TimeSpan BackoffFor(int restartsInWindow, double random01)
    {
        if (MinBackoff <= TimeSpan.Zero) return TimeSpan.Zero;
        var exponent = Math.Min(restartsInWindow, 30);
        var ticks = Math.Min((double)MaxBackoff.Ticks, MinBackoff.Ticks * Math.Pow(2, exponent));
        ticks *= 1 + BackoffJitter * random01;
        return TimeSpan.FromTicks((long)ticks);
    }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Decider);
        if (MaxRestarts < 0) throw new ArgumentOutOfRangeException(nameof(MaxRestarts), MaxRestarts, "cannot be negative");
        if (RestartWindow <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RestartWindow), RestartWindow, "must be positive");
        if (MinBackoff < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(MinBackoff), MinBackoff, "cannot be negative");
        if (MaxBackoff < MinBackoff) throw new ArgumentOutOfRangeException(nameof(MaxBackoff), MaxBackoff, "must be at least MinBackoff");
        if (BackoffJitter is < 0 or > 1 || double.IsNaN(BackoffJitter)) throw new ArgumentOutOfRangeException(nameof(BackoffJitter), BackoffJitter, "must be between 0 and 1");
    }
}
