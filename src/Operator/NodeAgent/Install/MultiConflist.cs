using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Operator.NodeAgent.Install;

/// <summary>
/// Renders <c>00-multi.conflist</c>: one <c>multi</c> plugin whose <c>clusterNetwork</c> is the primary's file path (multi
/// loads a value with '/' as a file, so the primary is read as it is at each call), the thin-fallback kubeconfig, the
/// host's CNI bin dir, the readiness indicator file when configured, the daemon's socket when the daemon is enabled (the shim
/// forwards to it and runs the request itself when it does not answer), and the capabilities the primary's plugins declare.
/// </summary>
internal static class MultiConflist
{
    public const string FileName = "00-multi.conflist";

    public const string NetworkName = "multi-cni-network";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Render(PrimaryConf primary, InstallOptions options, string? daemonSocket = null)
    {
        var plugin = new JsonObject
        {
            ["type"] = "multi",
            ["clusterNetwork"] = Path.Combine(options.CniConfDir, primary.File),
            ["kubeconfig"] = options.KubeconfigPath,
            ["binDir"] = options.CniBinDir,
        };
        if (!string.IsNullOrEmpty(options.ReadinessIndicatorFile))
        {
            plugin["readinessindicatorfile"] = options.ReadinessIndicatorFile;
        }

        if (!string.IsNullOrEmpty(daemonSocket))
        {
            plugin["daemonSocket"] = daemonSocket;
        }

        if (primary.Capabilities.Length > 0)
        {
            plugin["capabilities"] = new JsonObject(primary.Capabilities.Select(c => KeyValuePair.Create(c, (JsonNode?)true)));
        }

        var root = new JsonObject
        {
            ["cniVersion"] = primary.CniVersion,
            ["name"] = NetworkName,
            ["plugins"] = new JsonArray(plugin),
        };
        return root.ToJsonString(Indented) + "\n";
    }
}
