using System.Text.Json.Nodes;
using Multi.Sandbox.ApiServer.Selectors;

namespace Multi.Sandbox.ApiServer;

/// <summary>
/// One page of a list: the resource, an optional namespace, the selectors, the version to read at (null: the current
/// state), the key the page starts after (from a continue token) and the page size (0: everything).
/// </summary>
internal sealed record ListQuery(string Group, string Resource, string? Namespace)
{
    public LabelSelector? Labels { get; init; }

    public Func<JsonObject, bool>? Filter { get; init; }

    public long? AtVersion { get; init; }

    /// <summary>A version the answer must be at or after (resourceVersion=N, NotOlderThan); a larger one than the store's is refused.</summary>
    public long MinimumVersion { get; init; }

    public (string Namespace, string Name)? After { get; init; }

    public int Limit { get; init; }

    /// <summary>How many objects the earlier pages returned (from the continue token).</summary>
    public long Offset { get; init; }
}
