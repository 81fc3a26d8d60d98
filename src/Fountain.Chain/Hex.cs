namespace Fountain.Chain;

/// <summary>The chain's one spelling of ids: 64 lower-case hex digits (SHA3-256).</summary>
internal static class Hex
{
    public static bool IsId(string? text)
    {
        if (text is null || text.Length != 64) return false;
        foreach (var c in text)
            if (!(c is >= '0' and <= '9' or >= 'a' and <= 'f')) return false;
        return true;
    }

    public static byte[] Bytes(string id) => Convert.FromHexString(id);
}
