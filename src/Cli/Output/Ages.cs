using System.Globalization;

namespace Multi.Cli.Output;

/// <summary>Ages as kubectl prints them: 45s, 12m, 5h, 3d.</summary>
internal static class Ages
{
    public static string Format(DateTime? created, DateTimeOffset now)
    {
        if (created is not { } at)
        {
            return "-";
        }

        var age = now.UtcDateTime - DateTime.SpecifyKind(at, DateTimeKind.Utc);
        return age switch
        {
            { TotalSeconds: < 0 } => "0s",
            { TotalMinutes: < 2 } => ((int)age.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s",
            { TotalHours: < 2 } => ((int)age.TotalMinutes).ToString(CultureInfo.InvariantCulture) + "m",
            { TotalDays: < 2 } => ((int)age.TotalHours).ToString(CultureInfo.InvariantCulture) + "h",
            _ => ((int)age.TotalDays).ToString(CultureInfo.InvariantCulture) + "d",
        };
    }

    /// <summary>The first 12 characters of a container ID, as crictl and docker print it.</summary>
    public static string ShortContainer(string containerId) => containerId.Length > 12 ? containerId[..12] : containerId;
}
