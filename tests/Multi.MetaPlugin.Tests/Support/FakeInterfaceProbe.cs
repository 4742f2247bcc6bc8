using Multi.MetaPlugin.Netns;

namespace Multi.MetaPlugin.Tests.Support;

/// <summary>Pod interfaces that "already exist", by namespace path and name; everything else is free.</summary>
internal sealed class FakeInterfaceProbe : IInterfaceProbe
{
    public HashSet<(string Netns, string IfName)> Existing { get; } = [];

    public bool? Exists(string netnsPath, string ifName) => Existing.Contains((netnsPath, ifName));
}
