using System.Globalization;

namespace Multi.Operator.NodeAgent.HostInterfaces;

/// <summary>
/// What a failed create means (host-interfaces.md, section 9). The kernel allows one VLAN per (parent, protocol, id) and
/// one VXLAN per (VNI, port) whatever namespace it lives in; the CNI vlan plugin moves its device into the pod. So when
/// the kernel answers "exists" or "busy" for a link the host namespace does not show, a pod-side link holds the key: a
/// clash, reported as such, not a failure to retry. Anything else is a Degraded link naming the error.
/// </summary>
internal static class CreateFailure
{
    public const int Ebusy = 16;
    public const int Eexist = 17;

    public static (LinkState State, string Message) Classify(LinkAction.Create create, int errno, IReadOnlyList<ObservedLink> observedNow)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(observedNow);
        var spec = create.Spec;
        var visible = observedNow.Any(o => o.Name == spec.Name
            || (spec.Kind == LinkKind.Vlan && o.Kind == LinkKind.Vlan && o.Vlan == spec.Vlan && o.ParentName == spec.Parent)
            || (spec.Kind == LinkKind.Vxlan && o.Kind == LinkKind.Vxlan && o.Vxlan?.Vni == spec.Vxlan!.Vni && o.Vxlan.Port == spec.Vxlan.Port));
        if (errno is Eexist or Ebusy && !visible && spec.KernelKey is { } key)
        {
            var holder = spec.Kind == LinkKind.Vlan ? "a pod's VLAN (the CNI vlan plugin)" : "a VXLAN device";
            return (LinkState.Clash, $"{key} is held in another network namespace by {holder}; the kernel allows one, so {spec.Name} is not created");
        }

        return (LinkState.Degraded, string.Create(CultureInfo.InvariantCulture, $"{create} failed: errno {errno}"));
    }
}
