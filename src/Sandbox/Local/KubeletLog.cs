using Microsoft.Extensions.Logging;

namespace Multi.Sandbox.Local;

/// <summary>The sandbox kubelet's log (<c>kubelet.log</c>): every PodResources call it answered and every allocation.</summary>
internal static partial class KubeletLog
{
    [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "Get {Pod}: {Devices}")]
    public static partial void AnsweredGet(this ILogger logger, string pod, string devices);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "List: {Pods} pod(s) on the node")]
    public static partial void AnsweredList(this ILogger logger, int pods);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Information, Message = "Get {Pod}: no such pod on node {Node}")]
    public static partial void PodNotFound(this ILogger logger, string pod, string node);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Warning, Message = "cannot list the pods of node {Node} from the API: {Error}")]
    public static partial void CannotListPods(this ILogger logger, string node, string error);

    [LoggerMessage(EventId = 9104, Level = LogLevel.Warning, Message = "{Pod}: container {Container} asks for {Resource} with an unusable quantity {Quantity}; counted as 0")]
    public static partial void UnusableQuantity(this ILogger logger, string pod, string container, string resource, string quantity);

    [LoggerMessage(EventId = 9105, Level = LogLevel.Information, Message = "serving PodResources v1 on {Socket} for node {Node}: {Resource} devices {Devices}")]
    public static partial void Serving(this ILogger logger, string socket, string node, string resource, string devices);
}
