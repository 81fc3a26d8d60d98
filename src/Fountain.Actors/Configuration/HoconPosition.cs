namespace Fountain.Actors.Configuration;

/// <summary>A place in a HOCON source: its name (usually a file path), a 1-based line and a 1-based column.</summary>
public readonly record struct HoconPosition(string Source, int Line, int Column)
{
    public override string ToString() => $"{Source}:{Line}:{Column}";
}
