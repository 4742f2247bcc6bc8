using Multi.Bench.Topology;
using Multi.Sandbox.Host;

namespace Multi.Bench;

/// <summary>
/// The harness must run as root inside the node namespace (so plugins of both paths see it as their host side
/// without a wrapper), with the published multi and Debian's plugins present.
/// </summary>
internal static class Preconditions
{
    public static async Task CheckAsync()
    {
        if (!HostCommand.IsRoot)
        {
            throw new InvalidOperationException("the benchmark creates network namespaces and must run as root: use `sudo bash bench/run.sh`");
        }

        var current = (await HostCommand.RunAsync("ip", "netns", "identify").ConfigureAwait(false)).Stdout.Trim();
        if (current != BenchTopology.NodeNamespace)
        {
            throw new InvalidOperationException($"the harness must run inside the node namespace {BenchTopology.NodeNamespace} (it runs in \"{current}\"): start it through `bash bench/run.sh`");
        }

        if (!RepoLayout.DebianPluginsInstalled)
        {
            throw new InvalidOperationException($"the CNI plugins are missing from {RepoLayout.DebianPluginDir}: apt-get install containernetworking-plugins");
        }

        RepoLayout.RequireMultiBinary();
    }
}
