using Multi.Sandbox.ApiServer.Tables;

namespace Multi.Sandbox.ApiServer;

/// <summary>
/// A served resource: one group/version/plural with its kind, scope, whether it has a status subresource, and what
/// discovery and the Table format say about it (short names, categories, a CRD version's printer columns).
/// </summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Plural,
    string Kind,
    bool Namespaced,
    bool HasStatus,
    bool BuiltIn)
{
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>Groupings such as <c>all</c> that <c>kubectl get all</c> expands.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>A CRD version's <c>additionalPrinterColumns</c> (without the Name column); empty for built-ins.</summary>
    public IReadOnlyList<TableColumn> Columns { get; init; } = [];

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    public string Singular { get; init; } = Kind.ToLowerInvariant();
}
