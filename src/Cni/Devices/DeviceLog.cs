using Microsoft.Extensions.Logging;

namespace Multi.Cni.Logging;

/// <summary>Device lookup and device-info messages (5xxx).</summary>
internal static partial class DeviceLog
{
    [LoggerMessage(5000, LogLevel.Information, "devices of pod {Pod} from {Source}: {Devices}")]
    public static partial void DevicesRead(this ILogger logger, string pod, string source, string devices);

    [LoggerMessage(5001, LogLevel.Warning, "device lookup for pod {Pod}: {Problem}; trying the next source")]
    public static partial void DeviceSourceUnusable(this ILogger logger, string pod, string problem);

    [LoggerMessage(5002, LogLevel.Information, "{Label}: device {DeviceId} of resource {Resource}")]
    public static partial void DeviceAssigned(this ILogger logger, string label, string deviceId, string resource);

    [LoggerMessage(5003, LogLevel.Warning, "device-info file {Path} cannot be removed: {Error}")]
    public static partial void DeviceInfoNotRemoved(this ILogger logger, string path, string error);

    [LoggerMessage(5005, LogLevel.Warning, "{Label}: device {DeviceId} of resource {Resource} now belongs to {Holder}; the DEL of {ContainerId} leaves it untouched")]
    public static partial void DeviceHandedOn(this ILogger logger, string label, string deviceId, string resource, string holder, string containerId);

    [LoggerMessage(5004, LogLevel.Debug, "device-info: copied {Source} to {Target}")]
    public static partial void DeviceInfoCopied(this ILogger logger, string source, string target);
}
