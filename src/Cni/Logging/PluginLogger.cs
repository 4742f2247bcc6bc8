using Microsoft.Extensions.Logging;
using Multi.Core.Config;

namespace Multi.Cni.Logging;

/// <summary>
/// The plugin's logger: one line per message to stderr and/or the configured log file. stdout is reserved for
/// the CNI result. Multus's levels map as panic → critical only, error → error, verbose → information, debug → debug.
/// </summary>
internal sealed class PluginLogger(LogLevel minimum, TextWriter? stderr, string? logFile, TimeProvider clock) : ILogger
{
    private readonly Lock writeLock = new();

    public static PluginLogger Create(MetaPluginConfig? config, TextWriter stderr, TimeProvider clock)
    {
        var level = config?.LogLevel switch
        {
            LogLevelSetting.Debug => LogLevel.Debug,
            LogLevelSetting.Verbose => LogLevel.Information,
            LogLevelSetting.Error => LogLevel.Error,
            _ => LogLevel.Critical,
        };
        var logFile = config?.LogFile;
        if (logFile is not null && State.CallerFile.Kind(logFile) is State.FileKind.Directory or State.FileKind.Other)
        {
            // Appending to a FIFO would block the plugin.
            stderr.WriteLine($"multi: log file {logFile} is not a regular file; not writing to it");
            logFile = null;
        }

        return new PluginLogger(level, config is null || config.LogToStderr ? stderr : null, logFile, clock);
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = $"{clock.GetUtcNow():yyyy-MM-ddTHH:mm:ss.fffZ} [{Level(logLevel)}] multi: {formatter(state, exception)}";
        lock (writeLock)
        {
            stderr?.WriteLine(line);
            if (logFile is not null)
            {
                try
                {
                    File.AppendAllText(logFile, line + Environment.NewLine);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    stderr?.WriteLine($"multi: cannot write log file {logFile}: {ex.Message}");
                }
            }
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "verbose",
        LogLevel.Warning => "warning",
        LogLevel.Error => "error",
        _ => "panic",
    };
}
