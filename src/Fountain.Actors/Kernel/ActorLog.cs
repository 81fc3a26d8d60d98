namespace Fountain.Actors;

public enum ActorLogLevel { Debug, Info, Warning, Error }

/// <summary>One log line from the actor system, always naming the actor's path.</summary>
public readonly record struct ActorLogEntry(DateTimeOffset Time, ActorLogLevel Level, string Path, string Message, Exception? Exception)
{
    public override string ToString() =>
        $"{Time:O} {Level} {Path}: {Message}{(Exception is null ? "" : Environment.NewLine + Exception)}";
}

/// <summary>Where the actor system writes what happens to actors (failures, restarts, stops).</summary>
public interface IActorLog
{
    void Write(in ActorLogEntry entry);
}

/// <summary>The default log: warnings and errors to standard error.</summary>
public sealed class ConsoleActorLog : IActorLog
{
    public ActorLogLevel MinimumLevel { get; init; } = ActorLogLevel.Warning;

    public void Write(in ActorLogEntry entry)
    {
        if (entry.Level >= MinimumLevel) Console.Error.WriteLine(entry.ToString());
    }
}
