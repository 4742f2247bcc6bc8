namespace Multi.Sandbox.ApiServer;

/// <summary>A served resource: one group/version/plural with its kind, scope and whether it has a status subresource.</summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Kind,
    bool Namespaced,
    bool HasStatus,
    bool BuiltIn,
    string ShortName = "")
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    public string Singular => Kind.ToLowerInvariant();
}
