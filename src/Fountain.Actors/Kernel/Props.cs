namespace Fountain.Actors;

/// <summary>How to create an actor: its factory (called again on every restart), mailbox, dispatcher and the strategy it applies to its own children.</summary>
public sealed record Props<T>
{
    private Props(Func<Actor<T>> factory) => Factory = factory;

    public static Props<T> Create(Func<Actor<T>> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new Props<T>(factory);
    }

    /// <summary>Creates a fresh actor instance; must not return a shared instance.</summary>
    public Func<Actor<T>> Factory { get; }

    /// <summary>Mailbox limits; the actor system's defaults when null.</summary>
    public MailboxSettings? Mailbox { get; init; }

    /// <summary>The dispatcher's name: <c>default</c> (the thread pool) or a dedicated one from the settings.</summary>
    public string Dispatcher { get; init; } = Dispatchers.Default;

    /// <summary>How this actor supervises its children; the actor system's default when null.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; init; }
}
