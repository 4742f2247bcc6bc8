using Microsoft.Extensions.Logging;

namespace Multi.Runtime;

internal static partial class ControllerLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Controller {Controller} starting {Workers} workers")]
    public static partial void Starting(ILogger logger, string controller, int workers);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Error, Message = "Controller {Controller}: reconcile of {Key} failed (retry {Retries})")]
    public static partial void ReconcileFailed(ILogger logger, Exception error, string controller, string key, int retries);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Debug, Message = "Controller {Controller}: {Key} reconciled: {Result}")]
    public static partial void Reconciled(ILogger logger, string controller, string key, string result);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Controller {Controller} workers stopped")]
    public static partial void Stopped(ILogger logger, string controller);
}
