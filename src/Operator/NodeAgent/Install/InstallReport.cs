using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Multi.Operator.NodeAgent.Install;

/// <summary>What one scan of the conf dir decided, and whether it changed <c>00-multi.conflist</c>.</summary>
internal sealed record InstallReport(CniConfigState State, string? Primary, ImmutableArray<SkippedConf> Skipped, string? Problem, bool Changed)
{
    public const string Annotation = "multi.dev/cni-config";

    public string Reason => State switch
    {
        CniConfigState.Wrapped => "the first configuration in lexical order that is not Multi's, Multus's, on the skip list, or only chained or auxiliary plugins",
        CniConfigState.NoPrimary => "no primary CNI configuration in the conf dir",
        CniConfigState.WaitingForReadiness => "the readiness indicator file does not exist yet",
        _ => Problem ?? "the primary configuration is malformed",
    };

    /// <summary>The node annotation's value: the decision only (not whether this scan wrote), so it changes when the decision does.</summary>
    public string ToAnnotation() => new JsonObject
    {
        ["state"] = State.ToString(),
        ["primary"] = Primary,
        ["reason"] = Reason,
        ["skipped"] = new JsonArray([.. Skipped.Select(s => (JsonNode)new JsonObject { ["file"] = s.File, ["reason"] = s.Reason })]),
    }.ToJsonString();
}
