namespace Multi.Cli;

/// <summary>A failure reported as one line on stderr, without a stack trace, and the exit code it ends with.</summary>
internal sealed class CliFailure(string message, int exitCode = ExitCodes.Failure) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
