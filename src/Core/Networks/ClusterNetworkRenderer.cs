using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Cni;

namespace Multi.Core.Networks;

/// <summary>
/// Renders the CNI config of a network's NADs (docs/clusternetworks.md). Keys in a fixed order: cniVersion, name, type, the
/// type's own keys, mtu, ipam. Expects a spec the validator accepted, but never throws: anything it cannot express is a
/// failure (code 7) naming the field, never silently dropped.
/// </summary>
public static class ClusterNetworkRenderer
{
    public const string IpamType = "multi-ipam";

    public static Outcome<RenderedNad> Render(string networkName, ClusterNetworkSpec spec, NadRenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        try
        {
            return RenderChecked(networkName ?? "", spec, options);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or JsonException)
        {
            // Text JSON cannot carry (an unpaired surrogate) or a raw block whose members cannot be read.
            return Fail("config", $"cannot be written as JSON: {ex.Message}");
        }
    }

    private static Outcome<RenderedNad> RenderChecked(string networkName, ClusterNetworkSpec spec, NadRenderOptions options)
    {
        if (!ClusterNetworkTypes.All.Contains(spec.Type))
        {
            return Fail("type", $"type \"{spec.Type}\" is not one of {string.Join(", ", ClusterNetworkTypes.All)}");
        }

        var problem = Unrenderable(spec);
        if (problem is not null)
        {
            return Fail(problem.Value.Field, problem.Value.Message);
        }

        var config = new JsonObject
        {
            ["cniVersion"] = string.IsNullOrEmpty(spec.CniVersion) ? ClusterNetworkSpec.DefaultCniVersion : spec.CniVersion,
            ["name"] = networkName,
            ["type"] = spec.Type,
        };
        var link = HostInterfaceNames.ConsumedInterface(networkName, spec);
        switch (spec.Type)
        {
            case ClusterNetworkTypes.Macvlan or ClusterNetworkTypes.Ipvlan:
                config["master"] = link;
                Json.SetIfPresent(config, "mode", spec.Mode);
                break;
            case ClusterNetworkTypes.Vlan:
                config["master"] = link;
                config["vlanId"] = spec.VlanId;
                break;
            case ClusterNetworkTypes.Bridge:
                config["bridge"] = link;
                Json.SetIfPresent(config, "vlan", spec.VlanId);
                break;
            case ClusterNetworkTypes.HostDevice:
                config["device"] = link;
                break;
            default:
                Json.SetIfPresent(config, "vlan", spec.VlanId);
                break;
        }

        Json.SetIfPresent(config, "mtu", spec.Mtu);
        if (spec.Capabilities is { Count: > 0 } capabilities)
        {
            var declared = new JsonObject();
            foreach (var (name, enabled) in capabilities.OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                declared[name] = enabled;
            }

            config["capabilities"] = declared;
        }

        var ipam = RenderIpam(networkName, spec.Ipam, options);
        if (!ipam.IsOk)
        {
            return Outcome<RenderedNad>.Fail(ipam.Error);
        }

        if (ipam.Value is { } block)
        {
            config["ipam"] = block;
        }

        // Read back with Multi's strict parser: text holding an unpaired surrogate is written escaped but read by no one.
        var utf8 = JsonText.WriteUtf8(config);
        _ = Json.Parse(utf8);
        return Outcome<RenderedNad>.Ok(new RenderedNad(Encoding.UTF8.GetString(utf8), string.IsNullOrEmpty(spec.ResourceName) ? null : spec.ResourceName));
    }

    /// <summary>The first field the config cannot carry as the spec states it, or null.</summary>
    private static (string Field, string Message)? Unrenderable(ClusterNetworkSpec spec)
    {
        var type = spec.Type;
        if (ClusterNetworkTypes.NeedsLink(type) && HostInterfaceNames.ConsumedInterface("-", spec) is null)
        {
            return ("master", $"type {type} needs master or hostInterface");
        }

        if (type == ClusterNetworkTypes.Bridge && spec.HostInterface is { Bridge: null })
        {
            return ("hostInterface.bridge", "type bridge over a hostInterface needs hostInterface.bridge");
        }

        if (!ClusterNetworkTypes.NeedsLink(type) && (spec.Master is not null || spec.HostInterface is not null))
        {
            return ("master", $"type {type} takes neither master nor hostInterface");
        }

        if (spec.Mode is not null && !ClusterNetworkTypes.ModesOf(type).Contains(spec.Mode))
        {
            return ("mode", $"mode \"{spec.Mode}\" is not a mode of {type}");
        }

        if (spec.Mtu is not null && !ClusterNetworkTypes.TakesMtu(type))
        {
            return ("mtu", $"type {type} takes no mtu");
        }

        if (spec.VlanId is null ? type == ClusterNetworkTypes.Vlan : ClusterNetworkTypes.VlanRange(type) is null)
        {
            return ("vlanId", type == ClusterNetworkTypes.Vlan ? "type vlan needs vlanId" : $"type {type} takes no vlanId");
        }

        return type == ClusterNetworkTypes.Sriov && string.IsNullOrEmpty(spec.ResourceName)
            ? ("resourceName", "type sriov needs resourceName")
            : null;
    }

    private static Outcome<JsonObject?> RenderIpam(string networkName, ClusterNetworkIpam? ipam, NadRenderOptions options)
    {
        if (ipam is null)
        {
            return Outcome<JsonObject?>.Ok(null);
        }

        var forms = (ipam.PoolRef is null ? 0 : 1) + (ipam.Pool is null ? 0 : 1) + (ipam.Raw is null ? 0 : 1);
        if (forms != 1)
        {
            return Outcome<JsonObject?>.Fail(CniErrorCode.InvalidNetworkConfig, "ipam: exactly one of poolRef, pool and raw is required");
        }

        if (ipam.Raw is { } raw)
        {
            return raw["type"] is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? Outcome<JsonObject?>.Ok((JsonObject)raw.DeepClone())
                : Outcome<JsonObject?>.Fail(CniErrorCode.InvalidNetworkConfig, "ipam.raw.type: a raw ipam block needs a string type");
        }

        var rendered = new JsonObject
        {
            ["type"] = IpamType,
            ["pool"] = ipam.PoolRef ?? networkName,
            ["kubeconfig"] = options.IpamKubeconfig,
        };
        if (!string.IsNullOrEmpty(options.IpamDaemonSocket))
        {
            rendered["daemonSocket"] = options.IpamDaemonSocket;
        }

        return Outcome<JsonObject?>.Ok(rendered);
    }

    private static Outcome<RenderedNad> Fail(string field, string message) =>
        Outcome<RenderedNad>.Fail(CniErrorCode.InvalidNetworkConfig, $"{field}: {message}");
}
