namespace Multi.Sandbox.Local;

/// <summary>
/// The sandbox's VF plugin (<see cref="SandboxTopology.VfPluginType"/>), a shell script in the sandbox's plugin directory:
/// ADD moves the link named by the <c>pciBusID</c> multi injects (the device ID) from the node into the pod as
/// <c>CNI_IFNAME</c> and brings it up; DEL moves it back under its own name. It stands in for host-device, which finds a
/// device by PCI address in <c>/sys/bus/pci</c> and so cannot take a veth "VF". It assigns no address.
/// </summary>
internal static class SandboxVfPlugin
{
    private const string Script = """
        #!/bin/sh
        # The local sandbox's VF plugin (src/Sandbox/Local/SandboxVfPlugin.cs): moves the "VF" named by pciBusID into the pod.
        in=$(cat)
        fail() { printf '{"cniVersion":"1.0.0","code":%s,"msg":"%s"}' "$1" "$2"; exit 1; }
        dev=$(printf '%s' "$in" | sed -n 's/.*"pciBusID":"\([^"]*\)".*/\1/p')
        ns=$(basename "$CNI_NETNS")
        case "$CNI_COMMAND" in
        ADD)
          [ -n "$dev" ] || fail 7 "no pciBusID in the config: the NAD needs k8s.v1.cni.cncf.io/resourceName and the pod the resource"
          ip link set "$dev" netns "$ns" name "$CNI_IFNAME" || fail 11 "cannot move $dev into $ns as $CNI_IFNAME"
          ip -n "$ns" link set "$CNI_IFNAME" up || fail 11 "cannot bring $CNI_IFNAME up in $ns"
          mac=$(ip -n "$ns" -o link show "$CNI_IFNAME" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
          printf '{"cniVersion":"1.0.0","interfaces":[{"name":"%s","mac":"%s","sandbox":"%s"}]}' "$CNI_IFNAME" "$mac" "$CNI_NETNS"
          ;;
        DEL)
          if [ -n "$dev" ] && [ -n "$CNI_NETNS" ] && ip -n "$ns" link show "$CNI_IFNAME" >/dev/null 2>&1; then
            ip -n "$ns" link set "$CNI_IFNAME" down
            ip -n "$ns" link set "$CNI_IFNAME" netns $$ name "$dev" || fail 11 "cannot move $CNI_IFNAME back from $ns as $dev"
          fi
          ;;
        VERSION)
          printf '{"cniVersion":"1.0.0","supportedVersions":["0.4.0","1.0.0","1.1.0"]}'
          ;;
        esac
        exit 0
        """;

    /// <summary>Writes the script as <c>&lt;directory&gt;/sandbox-vf</c>, executable.</summary>
    public static string Write(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, SandboxTopology.VfPluginType);
        File.WriteAllText(path, Script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return path;
    }
}
