namespace Multi.Cli;

/// <summary>The exit codes every command shares (docs/multictl.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The question has a negative answer: nobody holds the address.</summary>
    public const int NotFound = 1;

    /// <summary>Usage, configuration, connection or API errors: the command could not do its work.</summary>
    public const int Failure = 2;

    /// <summary>The command worked and found problems (check findings, invalid documents).</summary>
    public const int Findings = 3;
}
