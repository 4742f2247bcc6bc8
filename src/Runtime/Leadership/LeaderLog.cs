using Microsoft.Extensions.Logging;

namespace Multi.Runtime.Leadership;

internal static partial class LeaderLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "{Identity} acquired lease {Namespace}/{Lease}")]
    public static partial void Acquired(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Error, Message = "{Identity} could not renew lease {Namespace}/{Lease} within {Deadline}: leadership lost")]
    public static partial void Lost(ILogger logger, string identity, string @namespace, string lease, TimeSpan deadline);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "{Identity} released lease {Namespace}/{Lease}")]
    public static partial void Released(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "{Identity}: lease {Namespace}/{Lease} request failed")]
    public static partial void RequestFailed(ILogger logger, Exception error, string identity, string @namespace, string lease);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Debug, Message = "Lease {Namespace}/{Lease} is held by {Holder}")]
    public static partial void HeldBy(ILogger logger, string @namespace, string lease, string holder);
}
