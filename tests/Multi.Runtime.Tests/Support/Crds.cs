using k8s;
using k8s.Models;
using Multi.Testing;

namespace Multi.Runtime.Tests.Support;

/// <summary>Registers the test CRDs: widgets (namespaced) and gadgets (cluster-scoped) in group.example/v1.</summary>
internal static class Crds
{
    public const string Group = "group.example";

    public static async Task RegisterAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(Definition("widgets", "Widget", "Namespaced"), cancellationToken: cancellationToken);
        await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(Definition("gadgets", "Gadget", "Cluster"), cancellationToken: cancellationToken);
    }

    public static Widget Widget(string name, string? ns, string kind = "Widget") => new()
    {
        Kind = kind,
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Labels = new Dictionary<string, string> { ["app"] = "demo" } },
        Spec = new() { ["size"] = 1 },
    };

    private static V1CustomResourceDefinition Definition(string plural, string kind, string scope) =>
        CrdDefinitions.Schemaless(Group, plural, kind, scope);
}
