using System.Text.Json.Nodes;

namespace Multi.Cli.Commands;

/// <summary>One problem <c>multictl check</c> found: a stable kind, the object it concerns, and why.</summary>
internal sealed record Finding(string Kind, string Subject, string Message)
{
    public override string ToString() => $"{Kind}: {Subject}: {Message}";

    public JsonObject ToJson() => new() { ["kind"] = Kind, ["subject"] = Subject, ["message"] = Message };
}
