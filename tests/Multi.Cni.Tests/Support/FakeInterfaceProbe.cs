using Multi.Cni.Netns;

namespace Multi.Cni.Tests.Support;

/// <summary>Pod interfaces that "already exist", by namespace path and name; everything else is free.</summary>
internal sealed class FakeInterfaceProbe : IInterfaceProbe
{
    public HashSet<(string Netns, string IfName)> Existing { get; } = [];

    /// <summary>MACs read from pod interfaces, by namespace path and name; absent means unreadable.</summary>
    public Dictionary<(string Netns, string IfName), string> Macs { get; } = [];

    public bool? Exists(string netnsPath, string ifName) => Existing.Contains((netnsPath, ifName));

    public string? ReadMac(string netnsPath, string ifName) => Macs.TryGetValue((netnsPath, ifName), out var mac) ? mac : null;
}
