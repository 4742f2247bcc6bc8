using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Multi.Core.Cni;

namespace Multi.Core.Annotations;

/// <summary>
/// Namespace isolation (npwg-behaviour.md, section 9): with isolation on, a <c>networks</c> annotation element may
/// name another namespace only if it is one of <see cref="GlobalNamespaces"/>. Callers apply it to annotation
/// elements only, never to the cluster network, <c>defaultNetworks</c> or the override annotation.
/// </summary>
public sealed record NamespaceIsolationPolicy(bool Enabled, ImmutableArray<string> GlobalNamespaces)
{
    public static NamespaceIsolationPolicy Disabled { get; } = new(false, ["default"]);

    /// <summary><paramref name="globalNamespaces"/> is a comma list, items trimmed; when set it replaces <c>default</c>.</summary>
    public static NamespaceIsolationPolicy Create(bool enabled, string? globalNamespaces) => new(
        enabled,
        globalNamespaces is null
            ? ["default"]
            : [.. globalNamespaces.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0)]);

    /// <summary>Reads <c>namespaceIsolation</c> and <c>globalNamespaces</c> from the meta-plugin configuration (code 7 on a wrong type).</summary>
    public static Outcome<NamespaceIsolationPolicy> FromConfig(JsonObject config)
    {
        try
        {
            return Outcome<NamespaceIsolationPolicy>.Ok(Create(Json.GetLenientBool(config, "namespaceIsolation") ?? false, Json.GetString(config, "globalNamespaces")));
        }
        catch (FormatException ex)
        {
            return Outcome<NamespaceIsolationPolicy>.Fail(CniErrorCode.InvalidNetworkConfig, $"invalid multi configuration: {ex.Message}");
        }
    }

    /// <summary>Fails with code 105 at the first element that crosses into a namespace that is not global.</summary>
    public Outcome<bool> Check(string podNamespace, string podName, IEnumerable<NetworkSelection> annotationElements)
    {
        if (!Enabled)
        {
            return Outcome<bool>.Ok(true);
        }

        foreach (var element in annotationElements)
        {
            if (element.Namespace != podNamespace && !GlobalNamespaces.Contains(element.Namespace, StringComparer.Ordinal))
            {
                return Outcome<bool>.Fail(
                    CniErrorCode.PolicyViolation,
                    $"namespace isolation violation: pod {podNamespace}/{podName} in namespace \"{podNamespace}\" may not use network \"{element.Name}\" of target namespace \"{element.Namespace}\"",
                    $"allowed namespaces: the pod's own and {string.Join(", ", GlobalNamespaces)}");
            }
        }

        return Outcome<bool>.Ok(true);
    }
}
