using System.Globalization;

namespace Multi.Sandbox.ApiServer.Tables;

/// <summary>
/// Ages as the real API server prints them in Tables (apimachinery's <c>duration.HumanDuration</c>): <c>45s</c>,
/// <c>5m3s</c>, <c>17m</c>, <c>4h12m</c>, <c>30h</c>, <c>3d4h</c>, <c>200d</c>, <c>2y10d</c>, <c>9y</c>.
/// </summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)Math.Floor(duration.TotalSeconds);
        if (seconds < -1)
            return "<invalid>";
        if (seconds < 0)
            return "0s";
        if (seconds < 120)
            return Text($"{seconds}s");
        var minutes = seconds / 60;
        if (minutes < 10)
            return Pair(minutes, "m", seconds % 60, "s");
        if (minutes < 180)
            return Text($"{minutes}m");
        var hours = minutes / 60;
        if (hours < 8)
            return Pair(hours, "h", minutes % 60, "m");
        if (hours < 48)
            return Text($"{hours}h");
        if (hours < 24 * 8)
            return Pair(hours / 24, "d", hours % 24, "h");
        if (hours < 24 * 365 * 2)
            return Text($"{hours / 24}d");
        if (hours < 24 * 365 * 8)
            return Pair(hours / 24 / 365, "y", hours / 24 % 365, "d");
        return Text($"{hours / 24 / 365}y");
    }

    /// <summary>The age of an RFC 3339 timestamp at <paramref name="now"/>; <c>&lt;unknown&gt;</c> without one.</summary>
    public static string Since(string? timestamp, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp))
            return "<unknown>";
        return DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? Format(now - at)
            : "<invalid>";
    }

    private static string Pair(long major, string majorUnit, long minor, string minorUnit) =>
        minor == 0 ? Text($"{major}{majorUnit}") : Text($"{major}{majorUnit}{minor}{minorUnit}");

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
