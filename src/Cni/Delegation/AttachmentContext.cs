using System.Text.Json.Nodes;

namespace Multi.Cni.Delegation;

/// <summary>What one delegate sees of the pod: the CNI variables and capability values for its attachment.</summary>
internal sealed record AttachmentContext(string ContainerId, string Netns, string IfName, string CniArgs, JsonObject? RuntimeConfig, string Label);
