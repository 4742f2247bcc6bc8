using System.Text.Json.Nodes;

namespace Multi.Cli.Validation;

/// <summary>One problem of one document: <c>file:doc N: Kind/name: path: message</c>.</summary>
internal sealed record ManifestProblem(string File, int Document, string Kind, string Name, string Path, string Message)
{
    public override string ToString() => $"{File}:doc {Document}: {Kind}/{Name}: {Path}: {Message}";

    public JsonObject ToJson() => new()
    {
        ["file"] = File, ["document"] = Document, ["kind"] = Kind, ["name"] = Name, ["path"] = Path, ["message"] = Message,
    };
}
