using Microsoft.Extensions.Logging;

namespace Multi.Runtime;

internal static partial class ManagerLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Manager {Manager} starting {Informers} informers and {Controllers} controllers")]
    public static partial void Starting(ILogger logger, string manager, int informers, int controllers);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "Manager {Manager}: every informer synced")]
    public static partial void Synced(ILogger logger, string manager);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Information, Message = "Manager {Manager} serves probes and metrics on {Address}")]
    public static partial void Serving(ILogger logger, string manager, Uri address);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Warning, Message = "Manager {Manager}: reconciles still running after {Timeout}, cancelling them")]
    public static partial void GraceExpired(ILogger logger, string manager, TimeSpan timeout);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Information, Message = "Manager {Manager} stopped")]
    public static partial void Stopped(ILogger logger, string manager);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Error, Message = "Manager {Manager}: informer {Informer} stopped unexpectedly")]
    public static partial void InformerFailed(ILogger logger, Exception? error, string manager, string informer);
}
