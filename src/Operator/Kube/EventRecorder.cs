using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Multi.Operator.Kube;

/// <summary>
/// Posts core/v1 Events about an object (what <c>kubectl describe</c> lists). Events of cluster-scoped objects go to
/// <c>default</c>, as the API server's own do. An event that cannot be posted is logged and dropped: it never fails
/// the reconcile that reported it.
/// </summary>
internal sealed partial class EventRecorder(IKubernetes client, TimeProvider time, ILogger<EventRecorder> logger, string component = "multi-manager")
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    /// <summary>Events say something short; the API server refuses messages over 1 KiB.</summary>
    private const int MaxMessage = 1024;

    public async Task RecordAsync(IKubernetesObject<V1ObjectMeta> subject, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var meta = subject.Metadata;
        var ns = meta.NamespaceProperty ?? "default";
        var now = time.GetUtcNow().UtcDateTime;
        var body = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = $"{meta.Name}.{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..8])}", NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference
            {
                ApiVersion = subject.ApiVersion,
                Kind = subject.Kind,
                Name = meta.Name,
                NamespaceProperty = meta.NamespaceProperty,
                Uid = meta.Uid,
                ResourceVersion = meta.ResourceVersion,
            },
            Type = type,
            Reason = reason,
            Message = message.Length <= MaxMessage ? message : message[..(MaxMessage - 1)] + "…",
            Source = new V1EventSource { Component = component },
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        };
        try
        {
            await client.CoreV1.CreateNamespacedEventAsync(body, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpOperationException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Dropped(subject.Kind, meta.Name, reason, ex.Message);
        }
    }

    [LoggerMessage(300, LogLevel.Warning, "event {Reason} on {Kind} {Name} not posted: {Error}")]
    private partial void Dropped(string kind, string name, string reason, string error);
}
