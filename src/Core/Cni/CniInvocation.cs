using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Multi.Core.Cni;

/// <summary>
/// A validated request: environment and stdin read once. <see cref="Config"/> is null only for VERSION;
/// <see cref="ContainerId"/>, <see cref="IfName"/> and <see cref="Netns"/> are empty where the verb has none.
/// </summary>
public sealed record CniInvocation(
    CniCommand Command,
    string CniVersion,
    string ContainerId,
    string Netns,
    string IfName,
    CniArgs Args,
    ImmutableArray<string> Path,
    JsonObject? Config);
