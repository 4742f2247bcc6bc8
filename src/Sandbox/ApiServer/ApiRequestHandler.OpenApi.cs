using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer;

internal sealed partial class ApiRequestHandler
{
    /// <summary>
    /// A minimal OpenAPI v3 discovery (<c>/openapi/v3</c>) whose group-version documents name, for each resource, a PATCH
    /// operation with its group-version-kind and the <c>fieldValidation</c> query parameter, and no schemas. That is
    /// what kubectl's default <c>--validate=strict</c> looks for to leave validation to the server (which accepts the
    /// parameter and validates nothing), so <c>kubectl apply</c> and <c>create -f</c> work without <c>--validate=false</c>.
    /// Without a request body schema kubectl computes strategic merge patches from its compiled-in types.
    /// </summary>
    private JsonObject OpenApiRoot()
    {
        var paths = new JsonObject();
        foreach (var prefix in registry.All().Select(OpenApiPrefix).Distinct(StringComparer.Ordinal))
            paths[prefix] = new JsonObject { ["serverRelativeURL"] = "/openapi/v3/" + prefix };
        return new JsonObject { ["paths"] = paths };
    }

    private JsonObject OpenApiGroupVersion(string prefix)
    {
        var types = registry.All().Where(t => OpenApiPrefix(t) == prefix).ToList();
        if (types.Count == 0)
            throw new ApiException(404, "NotFound", $"the server could not find the requested resource (openapi/v3/{prefix})");
        var paths = new JsonObject();
        foreach (var type in types)
        {
            var collection = type.Namespaced ? $"/{prefix}/namespaces/{{namespace}}/{type.Plural}" : $"/{prefix}/{type.Plural}";
            paths[collection + "/{name}"] = new JsonObject { ["patch"] = PatchOperation(type) };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.34.0-multi" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = new JsonObject() },
        };
    }

    private static JsonObject PatchOperation(ResourceType type) => new()
    {
        ["operationId"] = $"patch{type.Kind}",
        ["parameters"] = new JsonArray(new JsonObject
        {
            ["name"] = "fieldValidation",
            ["in"] = "query",
            ["description"] = "Accepted and ignored: this server does not validate fields.",
            ["schema"] = new JsonObject { ["type"] = "string" },
        }),
        ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "OK" } },
        ["x-kubernetes-action"] = "patch",
        ["x-kubernetes-group-version-kind"] = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["kind"] = type.Kind },
    };

    private static string OpenApiPrefix(ResourceType type) => type.Group.Length == 0 ? $"api/{type.Version}" : $"apis/{type.Group}/{type.Version}";
}
