namespace Fountain.Node.Misbehaviour;

/// <summary>The configuration names of the misbehaviours: kebab-case, as HOCON settings are written.</summary>
public static class MisbehaviourNames
{
    public static string Of(MisbehaviourKind kind) => string.Concat(kind.ToString().Select((ch, i) => char.IsUpper(ch) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(ch) : ch.ToString()));

    public static MisbehaviourKind Parse(string name) =>
        Enum.GetValues<MisbehaviourKind>().FirstOrDefault(k => Of(k) == name.Trim(), (MisbehaviourKind)(-1)) is var kind && Enum.IsDefined(kind)
            ? kind
            : throw new FormatException($"misbehaviour '{name}' is not one of {string.Join(", ", Enum.GetValues<MisbehaviourKind>().Select(Of))}");
}
