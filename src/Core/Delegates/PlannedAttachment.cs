namespace Multi.Core.Delegates;

/// <summary>One delegate execution for a pod: position 0 is the cluster network.</summary>
public sealed record PlannedAttachment(int Position, string IfName, NetworkConfigList Network, string Origin)
{
    public bool IsClusterNetwork => Position == 0;

    /// <summary>How errors name the attachment: network and interface.</summary>
    public string Label => $"network \"{Network.Name}\" ({IfName})";
}
