using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer;

/// <summary>
/// A page of a list: copies of the objects, the version they are at, and when more remain, the last key and how many
/// follow (null when not counted).
/// </summary>
internal sealed record ListPage(IReadOnlyList<JsonObject> Items, long Version, (string Namespace, string Name)? LastKey, long? Remaining);
