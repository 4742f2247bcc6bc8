namespace Multi.Cni.Netns;

/// <summary>Looks into a pod's network namespace.</summary>
internal interface IInterfaceProbe
{
    /// <summary>
    /// Whether <paramref name="ifName"/> exists in the namespace at <paramref name="netnsPath"/>; null when that
    /// cannot be told (the namespace cannot be entered), in which case the caller proceeds as Multus does.
    /// </summary>
    bool? Exists(string netnsPath, string ifName);

    /// <summary>The interface's MAC as <c>aa:bb:cc:dd:ee:ff</c>, or null when it cannot be read.</summary>
    string? ReadMac(string netnsPath, string ifName);
}
