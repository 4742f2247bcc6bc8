namespace Multi.Core.Networks;

/// <summary>Two networks that claim the same host link with different settings (host-interfaces.md, section 2, last bullet).</summary>
public sealed record ClusterNetworkConflict(string First, string Second, string Path, string Message)
{
    public override string ToString() => $"{First} and {Second}: {Message}";
}
