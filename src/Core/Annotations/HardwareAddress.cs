namespace Multi.Core.Annotations;

/// <summary>
/// MAC and InfiniBand GUID text, validated like Go's <c>net.ParseMAC</c>: 6, 8 or 20 bytes written as hex pairs
/// separated by one of <c>:</c> or <c>-</c> throughout, or as dotted groups of four hex digits.
/// </summary>
public static class HardwareAddress
{
    public static bool IsValid(string text)
    {
        if (text.Length < 14)
        {
            return false;
        }

        if (text[2] is ':' or '-')
        {
            return (text.Length + 1) % 3 == 0 && IsByteCount((text.Length + 1) / 3) && Groups(text, text[2], 2);
        }

        return text[4] == '.' && (text.Length + 1) % 5 == 0 && IsByteCount(2 * (text.Length + 1) / 5) && Groups(text, '.', 4);
    }

    /// <summary>Hex digits only, lower case: the form two addresses are compared in.</summary>
    public static string Normalise(string text) =>
        new string(text.Where(c => c is not (':' or '-' or '.')).Select(char.ToLowerInvariant).ToArray());

    private static bool IsByteCount(int n) => n is 6 or 8 or 20;

    private static bool Groups(string text, char separator, int width)
    {
        for (var i = 0; i < text.Length; i += width + 1)
        {
            for (var j = i; j < i + width; j++)
            {
                if (!char.IsAsciiHexDigit(text[j]))
                {
                    return false;
                }
            }

            if (i + width < text.Length && text[i + width] != separator)
            {
                return false;
            }
        }

        return true;
    }
}
