using System.Globalization;

namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>The one form every drift message uses: "name observed → desired".</summary>
internal static class DriftText
{
    public static string Change<T>(string name, T desired, T observed) =>
        string.Create(CultureInfo.InvariantCulture, $"{name} {Show(observed)} → {Show(desired)}");

    private static string Show<T>(T value) => value switch
    {
        null => "(unset)",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "(unset)",
    };
}
