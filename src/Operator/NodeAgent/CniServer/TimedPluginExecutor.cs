using Multi.Cni.Delegation;

namespace Multi.Operator.NodeAgent.CniServer;

/// <summary>Measures each delegate execution (<c>multi_daemon_delegate_duration_seconds</c>, by plugin type), successful or not.</summary>
internal sealed class TimedPluginExecutor(IPluginExecutor inner, DaemonMetrics metrics, TimeProvider clock) : IPluginExecutor
{
    public async Task<PluginOutput> ExecuteAsync(PluginCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var started = clock.GetTimestamp();
        try
        {
            return await inner.ExecuteAsync(call, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            metrics.DelegateDuration.WithLabels(TypeLabel(call.Type)).Observe(clock.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>A plugin type is a file name the configuration chose; anything unusual is folded so the label set stays small.</summary>
    private static string TypeLabel(string type) =>
        type.Length is > 0 and <= 64 && type.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? type : "other";
}
