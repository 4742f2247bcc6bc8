using FluentValidation;
using Multi.Core.Cni;
using Multi.Core.Networks;

namespace Multi.Core.Validation;

/// <summary>
/// Admission rules of a ClusterNetwork spec (docs/clusternetworks.md; host-interfaces.md, sections 2, 3 and 10). Property names
/// are JSON paths inside <c>spec</c>; messages name the path and quote the value. A spec this validator accepts always
/// renders (<see cref="ClusterNetworkRenderer"/>) into a config <see cref="NadConfigValidator"/> accepts.
/// </summary>
public sealed partial class ClusterNetworkSpecValidator : AbstractValidator<ClusterNetworkSpec>
{
    public ClusterNetworkSpecValidator()
    {
        RuleFor(s => s).Custom((spec, ctx) =>
        {
            var problems = new List<NadProblem>();
            Check(spec, problems);
            foreach (var problem in problems)
            {
                ctx.AddFailure(problem.Path, problem.Message);
            }
        });
    }

    /// <summary>Every problem of <paramref name="spec"/>, paths relative to <c>spec</c>.</summary>
    public static IReadOnlyList<NadProblem> Problems(ClusterNetworkSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var problems = new List<NadProblem>();
        Check(spec, problems);
        return problems;
    }

    private static void Check(ClusterNetworkSpec spec, List<NadProblem> problems)
    {
        var type = spec.Type ?? "";
        if (!ClusterNetworkTypes.All.Contains(type))
        {
            problems.Add(new("type", $"type \"{type}\" is not one of {string.Join(", ", ClusterNetworkTypes.All)}"));
        }
        else
        {
            CheckLink(spec, type, problems);
            CheckPluginFields(spec, type, problems);
        }

        if (spec.HostInterface is { } host)
        {
            CheckHostInterface(host, problems);
        }

        if (spec.CniVersion is { } version && !CniVersion.IsSupported(version))
        {
            problems.Add(new("cniVersion", $"cniVersion \"{version}\" is not supported (supported: {CniVersion.SupportedList})"));
        }

        if (spec.Ipam is { } ipam)
        {
            CheckIpam(ipam, problems);
        }

        CheckSelection(spec, problems);
    }

    /// <summary>
    /// master XOR hostInterface for types that name a link; a bridge-only hostInterface may take master as its port; sriov
    /// takes neither (its device comes from resourceName); bridge needs an existing bridge (master) or hostInterface.bridge.
    /// </summary>
    private static void CheckLink(ClusterNetworkSpec spec, string type, List<NadProblem> problems)
    {
        var host = spec.HostInterface;
        var tagged = host is not null && (host.Vlan is not null || host.Vxlan is not null);
        if (spec.Master is { } master && !LinkNames.IsValid(master))
        {
            problems.Add(new("master", $"master \"{master}\" is not an interface name ({LinkNames.Rule})"));
        }

        if (type == ClusterNetworkTypes.Sriov)
        {
            if (spec.Master is not null)
            {
                problems.Add(new("master", $"master \"{spec.Master}\" is not used by sriov (the device comes from resourceName)"));
            }

            if (host is not null)
            {
                problems.Add(new("hostInterface", "hostInterface is not used by sriov (the device comes from resourceName)"));
            }
        }
        else if (spec.Master is null && host is null)
        {
            problems.Add(new("master", type == ClusterNetworkTypes.Bridge
                ? "type bridge needs master (an existing bridge) or hostInterface.bridge"
                : $"type {type} needs master (an existing link) or hostInterface"));
        }
        else if (spec.Master is not null && tagged)
        {
            problems.Add(new("master", $"master \"{spec.Master}\" and hostInterface.{(host!.Vlan is not null ? "vlan" : "vxlan")} are exclusive (the parent goes in the hostInterface)"));
        }
        else if (type == ClusterNetworkTypes.Bridge && host is { Bridge: null })
        {
            problems.Add(new("hostInterface.bridge", "type bridge over a hostInterface needs hostInterface.bridge"));
        }
    }

    private static void CheckPluginFields(ClusterNetworkSpec spec, string type, List<NadProblem> problems)
    {
        var modes = ClusterNetworkTypes.ModesOf(type);
        if (spec.Mode is { } mode && !modes.Contains(mode))
        {
            problems.Add(new("mode", modes.Count == 0
                ? $"mode \"{mode}\" is only for macvlan and ipvlan"
                : $"mode \"{mode}\" is not a {type} mode ({string.Join(", ", modes)})"));
        }

        if (spec.Mtu is { } mtu)
        {
            if (!ClusterNetworkTypes.TakesMtu(type))
            {
                problems.Add(new("mtu", $"mtu {mtu} is not supported by {type}"));
            }
            else if (mtu is < 68 or > 65535)
            {
                problems.Add(new("mtu", $"mtu {mtu} is outside 68–65535"));
            }
        }

        var range = ClusterNetworkTypes.VlanRange(type);
        if (spec.VlanId is { } vlan)
        {
            if (range is not { } r)
            {
                problems.Add(new("vlanId", $"vlanId {vlan} is only for vlan, bridge and sriov"));
            }
            else if (vlan < r.Min || vlan > r.Max)
            {
                problems.Add(new("vlanId", $"vlanId {vlan} is outside {r.Min}–{r.Max} for {type}"));
            }
        }
        else if (type == ClusterNetworkTypes.Vlan)
        {
            problems.Add(new("vlanId", "vlanId is required for type vlan"));
        }

        if (spec.ResourceName is { } resource && !NadConfigValidator.IsResourceName(resource))
        {
            problems.Add(new("resourceName", $"resourceName \"{resource}\" is not <prefix>/<name> (a DNS subdomain, '/', a name of 1–63 characters)"));
        }
        else if (spec.ResourceName is null && type == ClusterNetworkTypes.Sriov)
        {
            problems.Add(new("resourceName", "resourceName is required for type sriov (<prefix>/<name> of the device plugin)"));
        }
    }
}
