namespace Fountain.Codec.Archive;

/// <summary>An archive that cannot be packed or will not be extracted, with the reason in words an operator can act on.</summary>
public sealed class ArchiveException(string message, Exception? inner = null) : Exception(message, inner);
