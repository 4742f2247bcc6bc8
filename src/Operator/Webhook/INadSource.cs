using Multi.Core.Nad;

namespace Multi.Operator.Webhook;

/// <summary>Where pod reviews find the NADs a pod names.</summary>
internal interface INadSource
{
    /// <summary>The NAD, or null when it does not exist.</summary>
    ValueTask<NetworkAttachmentDefinition?> FindAsync(string @namespace, string name, CancellationToken cancellationToken);
}
