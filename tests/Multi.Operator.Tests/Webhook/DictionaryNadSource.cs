using Multi.Core.Nad;
using Multi.Operator.Webhook;

namespace Multi.Operator.Tests.Webhook;

/// <summary>NADs held in a dictionary, for the handlers' table tests.</summary>
internal sealed class DictionaryNadSource(params NetworkAttachmentDefinition[] nads) : INadSource
{
    private readonly Dictionary<(string, string), NetworkAttachmentDefinition> byKey = nads.ToDictionary(n => (n.Namespace, n.Name));

    public ValueTask<NetworkAttachmentDefinition?> FindAsync(string @namespace, string name, CancellationToken cancellationToken) =>
        ValueTask.FromResult(byKey.GetValueOrDefault((@namespace, name)));
}
