using Microsoft.Extensions.Logging;

namespace Multi.Cni.Logging;

/// <summary>Every message the plugin logs, with stable event ids (1xxx: plugin entry, 2xxx: delegates, 3xxx: cache).</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "{Command} container={ContainerId} ifname={IfName} netns={Netns}")]
    public static partial void Request(this ILogger logger, string command, string containerId, string ifName, string netns);

    [LoggerMessage(1001, LogLevel.Error, "{Command} failed: {Error}")]
    public static partial void Failed(this ILogger logger, string command, string error);

    [LoggerMessage(1002, LogLevel.Debug, "key \"{Key}\" is recognised from Multus but has no effect in Multi")]
    public static partial void IgnoredKey(this ILogger logger, string key);

    [LoggerMessage(1003, LogLevel.Warning, "{Message}")]
    public static partial void ConfigWarning(this ILogger logger, string message);

    [LoggerMessage(1004, LogLevel.Warning, "CNI_ARGS segment \"{Segment}\" has no '=' and is ignored")]
    public static partial void MalformedArg(this ILogger logger, string segment);

    [LoggerMessage(1005, LogLevel.Warning, "readiness indicator file {File} is missing; DEL continues")]
    public static partial void ReadinessMissingOnDel(this ILogger logger, string file);

    [LoggerMessage(1006, LogLevel.Information, "netns \"{Netns}\" is empty or gone; delegates are still called so they can free their resources")]
    public static partial void NetnsGone(this ILogger logger, string netns);

    [LoggerMessage(1007, LogLevel.Critical, "unexpected failure in {Command}: {Exception}")]
    public static partial void Unexpected(this ILogger logger, string command, string exception);

    [LoggerMessage(2000, LogLevel.Debug, "{Label}: {Command} {Type}")]
    public static partial void Delegate(this ILogger logger, string label, string command, string type);

    [LoggerMessage(2001, LogLevel.Information, "{Label}: stderr: {Text}")]
    public static partial void DelegateStderr(this ILogger logger, string label, string text);

    [LoggerMessage(2002, LogLevel.Error, "{Label}: rollback DEL failed: {Error}")]
    public static partial void RollbackFailed(this ILogger logger, string label, string error);

    [LoggerMessage(2003, LogLevel.Error, "{Label}: DEL failed: {Error}")]
    public static partial void DeleteFailed(this ILogger logger, string label, string error);

    [LoggerMessage(2004, LogLevel.Information, "no cache entry for container {ContainerId} ({IfName}); re-deriving delegates from the configuration")]
    public static partial void RederivingFromConfig(this ILogger logger, string containerId, string ifName);

    [LoggerMessage(2005, LogLevel.Warning, "no cache entry for container {ContainerId} ({IfName}) and the configuration cannot be resolved ({Error}); DEL succeeds without calling delegates")]
    public static partial void NothingToDelete(this ILogger logger, string containerId, string ifName, string error);

    [LoggerMessage(2006, LogLevel.Information, "GC: removing stale attachment of container {ContainerId} ({IfName})")]
    public static partial void GcStale(this ILogger logger, string containerId, string ifName);

    [LoggerMessage(2007, LogLevel.Error, "GC: {Count} valid attachment(s) have no readable cache entry (first: {First}); delegate GC is skipped so no live address is freed")]
    public static partial void GcIncomplete(this ILogger logger, int count, string first);

    [LoggerMessage(2008, LogLevel.Warning, "GC: configured networks cannot be resolved ({Error}); using the networks in the cache")]
    public static partial void GcConfigUnresolved(this ILogger logger, string error);

    [LoggerMessage(2009, LogLevel.Information, "ADD found an unfinished entry for container {ContainerId} ({IfName}) from a crashed ADD; deleting it first")]
    public static partial void ResumingCrashedAdd(this ILogger logger, string containerId, string ifName);

    [LoggerMessage(2010, LogLevel.Warning, "no cache entry for container {ContainerId} ({IfName}) and pod {Pod} cannot be read ({Error}); deleting the configured networks only: attachments that only the lost cache knew (the pod's networks annotation) may remain")]
    public static partial void RederivingWithoutPod(this ILogger logger, string containerId, string ifName, string pod, string error);

    [LoggerMessage(2011, LogLevel.Warning, "no cache entry for container {ContainerId} ({IfName}): configured network {Network} cannot be resolved ({Error}) and is not deleted")]
    public static partial void ConfiguredNetworkUnresolved(this ILogger logger, string containerId, string ifName, string network, string error);

    [LoggerMessage(3000, LogLevel.Warning, "cache entry {Path} is unusable and counts as missing: {Error}")]
    public static partial void CorruptEntry(this ILogger logger, string path, string error);

    [LoggerMessage(3001, LogLevel.Information, "removed {Count} temporary cache file(s) of container {ContainerId} ({IfName}) left by a killed ADD")]
    public static partial void TemporaryFilesRemoved(this ILogger logger, int count, string containerId, string ifName);

    [LoggerMessage(3002, LogLevel.Warning, "cannot remove temporary cache files in {Directory}: {Error}")]
    public static partial void TemporaryFilesNotRemoved(this ILogger logger, string directory, string error);

    [LoggerMessage(4000, LogLevel.Warning, "{Message} (verifyRequests is false: the attachment is kept)")]
    public static partial void RequestNotApplied(this ILogger logger, string message);

    [LoggerMessage(4001, LogLevel.Warning, "network {Network} ({IfName}): requested MAC {Mac} could not be verified: the result has no MAC and the pod interface cannot be read")]
    public static partial void MacUnverified(this ILogger logger, string network, string ifName, string mac);

    [LoggerMessage(4002, LogLevel.Warning, "event {Reason} for pod {Pod} was not sent: {Error}")]
    public static partial void EventFailed(this ILogger logger, string reason, string pod, string error);

    [LoggerMessage(4003, LogLevel.Warning, "{Count} event(s) for pod {Pod} were still being sent when the plugin exited")]
    public static partial void EventsAbandoned(this ILogger logger, int count, string pod);

    [LoggerMessage(4004, LogLevel.Warning, "DEL of pod {Pod}: the API server has UID {ApiUid}, the runtime gave {Uid}; continuing from the cache")]
    public static partial void DelUidMismatch(this ILogger logger, string pod, string apiUid, string uid);

    [LoggerMessage(4005, LogLevel.Information, "no Multi cache entry for container {ContainerId}; deleting from the Multus cache file {Path}")]
    public static partial void DelFromMultusCache(this ILogger logger, string containerId, string path);

    [LoggerMessage(4006, LogLevel.Information, "no cache entry for container {ContainerId} ({IfName}); re-deriving delegates from pod {Pod} and its NADs")]
    public static partial void RederivingFromPod(this ILogger logger, string containerId, string ifName, string pod);

    [LoggerMessage(4007, LogLevel.Warning, "Multus cache file {Path} is unusable and counts as missing: {Error}")]
    public static partial void CorruptMultusCache(this ILogger logger, string path, string error);
}
