using System.Globalization;
namespace Multi.Core.Cni;

/// <summary>The CNI spec versions Multi speaks and the rules that compare them (cni-protocol.md, section 1).</summary>
public static class CniVersion
{
    public const string V010 = "0.1.0";
    public const string V020 = "0.2.0";
    public const string V030 = "0.3.0";
    public const string V031 = "0.3.1";
    public const string V040 = "0.4.0";
    public const string V100 = "1.0.0";
    public const string V110 = "1.1.0";

    /// <summary>Exactly the strings CRI-O compares against, in ascending order.</summary>
    public static IReadOnlyList<string> Supported { get; } = [V010, V020, V030, V031, V040, V100, V110];

    public static string Latest => V110;

    public static bool IsSupported(string? version) => version is not null && Supported.Contains(version, StringComparer.Ordinal);

    /// <summary>Parses "major.minor.patch" with non-negative integers; anything else is not a version.</summary>
    public static bool TryParse(string? text, out Version version)
    {
        var ok = TryParseNumbers(text, out var numbers);
        version = ok ? new Version(numbers.Major, numbers.Minor, numbers.Patch) : new Version(0, 0, 0);
        return ok;
    }

    /// <summary>True when <paramref name="version"/> is at least <paramref name="minimum"/>; false when unparsable.</summary>
    public static bool AtLeast(string? version, string minimum) =>
        TryParseNumbers(version, out var v) && TryParseNumbers(minimum, out var m) && v.CompareTo(m) >= 0;

    /// <summary>Three dot-separated runs of ASCII digits, without allocating (versions are compared on every result).</summary>
    private static bool TryParseNumbers(string? text, out (int Major, int Minor, int Patch) numbers)
    {
        numbers = default;
        Span<int> parts = stackalloc int[3];
        var rest = text.AsSpan();
        for (var i = 0; i < 3; i++)
        {
            var dot = rest.IndexOf('.');
            var part = i < 2 ? (dot < 0 ? [] : rest[..dot]) : rest;
            if (part.IsEmpty || part.ContainsAnyExceptInRange('0', '9') || !int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out parts[i]))
            {
                return false;
            }

            rest = i < 2 ? rest[(dot + 1)..] : [];
        }

        numbers = (parts[0], parts[1], parts[2]);
        return true;
    }

    /// <summary>The 1.x result shape is used from 1.0.0 on; 0.3.0 up to 0.4.0 is the "current" shape with per-IP versions.</summary>
    public static bool IsLegacy(string version) => version is V010 or V020;

    public static string SupportedList => string.Join(", ", Supported);
}
