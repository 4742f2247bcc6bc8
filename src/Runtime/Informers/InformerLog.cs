using Microsoft.Extensions.Logging;

namespace Multi.Runtime.Informers;

internal static partial class InformerLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Informer {Informer} synced {Count} objects at version {ResourceVersion}")]
    public static partial void Synced(ILogger logger, string informer, int count, string resourceVersion);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Informer {Informer}: version {ResourceVersion} expired, listing again")]
    public static partial void Expired(ILogger logger, string informer, string resourceVersion);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Informer {Informer}: list or watch failed ({Failures} in a row), retrying in {Delay}")]
    public static partial void Failed(ILogger logger, Exception error, string informer, int failures, TimeSpan delay);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Informer {Informer}: an event handler threw")]
    public static partial void HandlerFailed(ILogger logger, Exception error, string informer);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Informer {Informer} relisted: {Count} objects at version {ResourceVersion}, {Deleted} vanished")]
    public static partial void Relisted(ILogger logger, string informer, int count, string resourceVersion, int deleted);
}
