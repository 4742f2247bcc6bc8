using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer.Tables;

/// <summary>Renders objects as a meta.k8s.io Table: column definitions, one row of cells per object, and the list's metadata.</summary>
internal static class TableWriter
{
    public static JsonObject Write(ResourceType type, IEnumerable<JsonObject> items, JsonObject listMetadata, TableRequest request, DateTimeOffset now)
    {
        var columns = TableColumns.For(type);
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = request.ApiVersion,
            ["metadata"] = listMetadata,
            ["columnDefinitions"] = new JsonArray(columns.Select(c => (JsonNode?)c.Definition()).ToArray()),
            ["rows"] = new JsonArray(items.Select(i => (JsonNode?)Row(i, type, columns, request, now)).ToArray()),
        };
    }

    private static JsonObject Row(JsonObject obj, ResourceType type, IReadOnlyList<TableColumn> columns, TableRequest request, DateTimeOffset now)
    {
        var row = new JsonObject { ["cells"] = new JsonArray(columns.Select(c => c.Cell(obj, now)).ToArray()) };
        switch (request.IncludeObject)
        {
            case "Object":
                obj["apiVersion"] = type.ApiVersion;
                obj["kind"] = type.Kind;
                row["object"] = obj;
                break;
            case "Metadata":
                row["object"] = new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = request.ApiVersion,
                    ["metadata"] = obj["metadata"]?.DeepClone(),
                };
                break;
        }

        return row;
    }
}
