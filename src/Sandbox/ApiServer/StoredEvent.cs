using System.Text.Json.Nodes;

namespace Multi.Sandbox.ApiServer;

/// <summary>One change in the event log. <see cref="Previous"/> lets a filtered watch turn a change into ADDED or DELETED.</summary>
internal sealed record StoredEvent(long Version, string Type, ObjectKey Key, JsonObject Object, JsonObject? Previous);
