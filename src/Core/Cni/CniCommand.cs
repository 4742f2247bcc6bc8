namespace Multi.Core.Cni;

public enum CniCommand
{
    Add,
    Del,
    Check,
    Version,
    Status,
    Gc,
}

public static class CniCommands
{
    /// <summary>Commands are upper case and case-sensitive: <c>add</c> is unknown.</summary>
    public static bool TryParse(string? text, out CniCommand command)
    {
        (var known, command) = text switch
        {
            "ADD" => (true, CniCommand.Add),
            "DEL" => (true, CniCommand.Del),
            "CHECK" => (true, CniCommand.Check),
            "VERSION" => (true, CniCommand.Version),
            "STATUS" => (true, CniCommand.Status),
            "GC" => (true, CniCommand.Gc),
            _ => (false, CniCommand.Version),
        };
        return known;
    }

    /// <summary>The wire name (a switch, not <c>Enum.ToString</c>, which reads reflection metadata under NativeAOT).</summary>
    public static string Name(this CniCommand command) => command switch
    {
        CniCommand.Add => "ADD",
        CniCommand.Del => "DEL",
        CniCommand.Check => "CHECK",
        CniCommand.Version => "VERSION",
        CniCommand.Status => "STATUS",
        CniCommand.Gc => "GC",
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
    };
}
