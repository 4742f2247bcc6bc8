using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Multi.Core;
using Multi.Sandbox.Host;

namespace Multi.Sandbox.Runtime;

/// <summary>What a plugin printed, how it exited and how long it took.</summary>
internal sealed record CniCallResult(int ExitCode, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    public JsonObject? Json => Stdout.Length == 0 ? null : JsonNode.Parse(Stdout) as JsonObject;

    public CniCallResult EnsureSuccess(string what) => Succeeded
        ? this
        : throw new InvalidOperationException($"{what} failed with exit {ExitCode}: {Stdout}\n{Stderr}");
}

/// <summary>
/// Calls CNI plugins the way containerd does: <c>CNI_*</c> variables, the config on stdin, from the node's
/// network namespace (a plugin's "host side" is the namespace it runs in). With a <paramref name="view"/> the plugin
/// runs with <c>Source</c> bind-mounted on <c>Target</c> in its own mount namespace (the one <c>ip netns exec</c> makes):
/// simulated nodes sharing the host's file system each see their own files at one path, as real nodes do.
/// </summary>
internal sealed class ContainerRuntime(string cniPath, NetworkNamespace? node, (string Source, string Target)? view = null)
{
    /// <summary>For <c>sh -c</c> with the source and target as $1 and $2, then the program: bind-mount, then become the program.</summary>
    public const string BindThenExec = "mount --bind \"$1\" \"$2\" && shift 2 && exec \"$@\"";

    public string CniPath { get; } = cniPath;

    public Task<CniCallResult> AddAsync(string plugin, JsonObject config, string containerId, string netns, string ifName, string? cniArgs = null) =>
        InvokeAsync(plugin, "ADD", config, Attachment(containerId, netns, ifName, cniArgs));

    public Task<CniCallResult> CheckAsync(string plugin, JsonObject config, string containerId, string netns, string ifName, string? cniArgs = null) =>
        InvokeAsync(plugin, "CHECK", config, Attachment(containerId, netns, ifName, cniArgs));

    public Task<CniCallResult> DelAsync(string plugin, JsonObject config, string containerId, string netns, string ifName, string? cniArgs = null) =>
        InvokeAsync(plugin, "DEL", config, Attachment(containerId, netns, ifName, cniArgs));

    public Task<CniCallResult> GcAsync(string plugin, JsonObject config) => InvokeAsync(plugin, "GC", config, []);

    public Task<CniCallResult> StatusAsync(string plugin, JsonObject config) => InvokeAsync(plugin, "STATUS", config, []);

    public Task<CniCallResult> VersionAsync(string plugin) => InvokeAsync(plugin, "VERSION", new JsonObject { ["cniVersion"] = "1.0.0" }, []);

    /// <summary>Runs <paramref name="plugin"/> (a path) with the given command, variables and config.</summary>
    public async Task<CniCallResult> InvokeAsync(string plugin, string command, JsonObject config, Dictionary<string, string?> variables)
    {
        variables["CNI_COMMAND"] = command;
        variables["CNI_PATH"] = CniPath;
        var stdin = Encoding.UTF8.GetBytes(JsonText.Write(config));
        var (file, args) = (node, view) switch
        {
            (null, _) => (plugin, Array.Empty<string>()),
            (_, null) => ("ip", new[] { "netns", "exec", node.Name, plugin }),
            (_, var (source, target)) => ("ip", ["netns", "exec", node.Name, "sh", "-c", BindThenExec, "sh", source, target, plugin]),
        };
        var watch = Stopwatch.StartNew();
        var result = await HostCommand.RunAsync(file, args, stdin, variables, TimeSpan.FromSeconds(120)).ConfigureAwait(false);
        return new CniCallResult(result.ExitCode, result.Stdout, result.Stderr, watch.Elapsed);
    }

    private static Dictionary<string, string?> Attachment(string containerId, string netns, string ifName, string? cniArgs) => new()
    {
        ["CNI_CONTAINERID"] = containerId,
        ["CNI_NETNS"] = netns,
        ["CNI_IFNAME"] = ifName,
        ["CNI_ARGS"] = cniArgs,
    };
}
