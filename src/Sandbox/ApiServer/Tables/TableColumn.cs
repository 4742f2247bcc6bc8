using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer.Tables;

/// <summary>
/// One column of a meta.k8s.io Table: its definition (name, OpenAPI type, format, description, priority; kubectl shows
/// priority 0 always and higher ones with <c>-o wide</c>) and how an object's cell is computed at the server's time.
/// </summary>
internal sealed record TableColumn(string Name, string Type, string Description, Func<JsonObject, DateTimeOffset, JsonNode?> Cell)
{
    public string Format { get; init; } = "";

    public int Priority { get; init; }

    public JsonObject Definition() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["format"] = Format,
        ["description"] = Description,
        ["priority"] = Priority,
    };
}
