namespace Fountain.Actors.Configuration;

/// <summary>
/// A HOCON text that cannot be parsed or resolved, or a value that does not have the requested type.
/// The message always starts with <c>source:line:column</c> so that an operator can find the mistake.
/// </summary>
public sealed class HoconException : FormatException
{
    public HoconException(HoconPosition position, string message)
        : base($"{position}: {message}")
    {
        Position = position;
    }

    /// <summary>Where in which source the problem is.</summary>
    public HoconPosition Position { get; }
}
