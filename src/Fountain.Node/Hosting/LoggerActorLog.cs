using Fountain.Actors;
using Microsoft.Extensions.Logging;

namespace Fountain.Node.Hosting;

/// <summary>Sends the actor system's log to the node's logger, so a node has one log.</summary>
internal sealed class LoggerActorLog(ILogger logger) : IActorLog
{
    public void Write(in ActorLogEntry entry)
    {
        var level = entry.Level switch
        {
            ActorLogLevel.Debug => LogLevel.Debug,
            ActorLogLevel.Info => LogLevel.Information,
            ActorLogLevel.Warning => LogLevel.Warning,
            _ => LogLevel.Error,
        };
        logger.Log(level, entry.Exception, "{Path}: {Message}", entry.Path, entry.Message);
    }
}
