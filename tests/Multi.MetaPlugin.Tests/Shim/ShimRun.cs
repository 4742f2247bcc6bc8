using System.Text;
using Multi.Core.Cni;
using Multi.Sandbox.Host;

namespace Multi.MetaPlugin.Tests.Shim;

/// <summary>
/// Runs the published <c>multi</c> or <c>multi-ipam</c> as a runtime would, with a configuration that names a daemon socket
/// in a temporary directory. The configurations are chosen so that the in-process answer is recognisable and needs neither
/// root nor a namespace: an error only the in-process configuration parser gives.
/// </summary>
internal sealed class ShimRun : IDisposable
{
    /// <summary>What multi's in-process parser says about <see cref="MultiConfig"/>: no delegates and no cluster network.</summary>
    public const string MultiInProcessError = "neither a non-empty \\u0022delegates\\u0022 list nor \\u0022clusterNetwork\\u0022 is set";

    /// <summary>What multi-ipam's in-process parser says about <see cref="IpamConfig"/>.</summary>
    public const string IpamInProcessError = "pool name \\u0022Bad_Name\\u0022 is not a DNS-1123 label";

    public static readonly CniEnvironment Environment = new("ADD", "c1", "/var/run/netns/shim-test", "eth0", "IgnoreUnknown=1;K8S_POD_NAME=p", "/opt/cni/bin:/usr/lib/cni");

    public ShimRun()
    {
        Directory.CreateDirectory(Dir);
    }

    /// <summary>Short enough for a socket address (108 bytes).</summary>
    public string Dir { get; } = Path.Combine("/tmp", "multi-shim-" + Guid.NewGuid().ToString("N")[..8]);

    public string SocketPath => Path.Combine(Dir, "multi.sock");

    /// <summary>multi with a one-second delegate timeout: the shim waits 1 + 2 s for an answer.</summary>
    public string MultiConfig => $$"""{"cniVersion":"1.0.0","name":"shim-test","type":"multi","daemonSocket":"{{SocketPath}}","delegateTimeoutSeconds":1}""";

    public string IpamConfig => $$$"""{"cniVersion":"1.0.0","name":"shim-test","type":"macvlan","ipam":{"type":"multi-ipam","pool":"Bad_Name","kubeconfig":"/nonexistent","daemonSocket":"{{{SocketPath}}}"}}""";

    public static Task<CommandResult> MultiAsync(string stdin, CniEnvironment? env = null) => RunAsync(RepoLayout.RequireMultiBinary(), stdin, env ?? Environment);

    public static Task<CommandResult> IpamAsync(string stdin, CniEnvironment? env = null) => RunAsync(RepoLayout.RequireIpamBinary(), stdin, env ?? Environment);

    /// <summary>The in-process answer of multi, and exactly one fallback line naming the socket and the reason.</summary>
    public void AssertMultiInProcess(CommandResult result, string reason)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.Contains(MultiInProcessError, result.Stdout, StringComparison.Ordinal);
        Assert.Equal($"multi: daemon {SocketPath} not used ({reason}); running in-process", Assert.Single(FallbackLines(result)));
    }

    public static IReadOnlyList<string> FallbackLines(CommandResult result) =>
        result.Stderr.Split('\n').Where(l => l.StartsWith("multi: daemon ", StringComparison.Ordinal)).ToList();

    public void Dispose() => Directory.Delete(Dir, recursive: true);

    private static Task<CommandResult> RunAsync(string binary, string stdin, CniEnvironment env)
    {
        var variables = new Dictionary<string, string?>
        {
            ["CNI_COMMAND"] = env.Command,
            ["CNI_CONTAINERID"] = env.ContainerId,
            ["CNI_NETNS"] = env.Netns,
            ["CNI_IFNAME"] = env.IfName,
            ["CNI_ARGS"] = env.Args,
            ["CNI_PATH"] = env.Path,
        };
        return HostCommand.RunAsync(binary, [], Encoding.UTF8.GetBytes(stdin), variables, TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
    }
}
