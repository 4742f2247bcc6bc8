using k8s.Models;

namespace Multi.Testing;

/// <summary>A minimal CustomResourceDefinition (version v1, any fields kept) for tests that need a custom resource.</summary>
internal static class CrdDefinitions
{
    public static V1CustomResourceDefinition Schemaless(string group, string plural, string kind, string scope, bool withStatus = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"{plural}.{group}" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = group,
            Scope = scope,
            Names = new V1CustomResourceDefinitionNames { Plural = plural, Kind = kind, Singular = kind.ToLowerInvariant(), ListKind = kind + "List" },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = "v1",
                    Served = true,
                    Storage = true,
                    Schema = new V1CustomResourceValidation
                    {
                        OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true },
                    },
                    Subresources = withStatus ? new V1CustomResourceSubresources { Status = new object() } : null,
                },
            ],
        },
    };
}
