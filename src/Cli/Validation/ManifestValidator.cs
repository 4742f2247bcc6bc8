using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core;
using Multi.Core.Ipam;
using Multi.Core.Nad;
using Multi.Core.Networks;
using Multi.Core.Validation;

namespace Multi.Cli.Validation;

/// <summary>Validates one document with the admission rules of Core: NetworkAttachmentDefinition, IPPool, ClusterNetwork.</summary>
internal static class ManifestValidator
{
    public static readonly string[] Kinds = [NetworkAttachmentDefinition.Kind, "IPPool", "ClusterNetwork"];

    /// <summary>The problems of a document of a known kind, or null when the kind is not one of <see cref="Kinds"/>.</summary>
    public static IReadOnlyList<(string Path, string Message)>? Validate(string kind, string name, JsonObject document) => kind switch
    {
        NetworkAttachmentDefinition.Kind => Nad(name, document),
        "IPPool" => Pool(name, document),
        "ClusterNetwork" => Network(name, document),
        _ => null,
    };

    private static List<(string, string)> Nad(string name, JsonObject document)
    {
        var ns = (string?)document["metadata"]?["namespace"] ?? "default";
        var config = document["spec"]?["config"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var resource = (string?)document["metadata"]?["annotations"]?[NetworkAttachmentDefinition.ResourceNameAnnotation];
        var verdict = NadConfigValidator.Validate(new NetworkAttachmentDefinition(ns, name, config, resource));
        return verdict.Problems.Select(p => (p.Path, p.Message)).ToList();
    }

    private static List<(string, string)> Pool(string name, JsonObject document)
    {
        var problems = new List<(string, string)>();
        if (!KubeNames.IsDns1123Label(name))
        {
            problems.Add(("metadata.name", $"metadata.name \"{name}\" is not a DNS-1123 label (an IP pool's name is part of its claims' names)"));
        }

        var parsed = IpPoolJson.Parse(name, document);
        if (!parsed.IsOk)
        {
            problems.Add(("spec", parsed.Error!.Msg));
            return problems;
        }

        problems.AddRange(new IpPoolSpecValidator().Validate(parsed.Value!.Spec).Errors.Select(e => ("spec." + e.PropertyName, e.ErrorMessage)));
        return problems;
    }

    private static List<(string, string)> Network(string name, JsonObject document)
    {
        ClusterNetworkSpec? spec;
        try
        {
            spec = document["spec"] is { } node ? node.Deserialize(NetworkJsonContext.Default.ClusterNetworkSpec) : null;
        }
        catch (JsonException ex)
        {
            return [("spec" + (ex.Path is { Length: > 1 } path ? path[1..] : string.Empty), $"spec is not a ClusterNetwork spec: {ex.Message}")];
        }

        return new ClusterNetworkValidator().Validate((name, spec!)).Errors.Select(e => (e.PropertyName, e.ErrorMessage)).ToList();
    }
}
