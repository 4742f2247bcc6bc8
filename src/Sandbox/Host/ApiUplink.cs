using System.Globalization;
using System.Net;

namespace Multi.Sandbox.Host;

/// <summary>
/// A veth pair from the host's network namespace into a simulated node's, with a /30 on it, so that plugins run
/// inside the node (as a kubelet's runtime runs them) reach an API server listening on <see cref="HostAddress"/>.
/// Loopback would not do: every network namespace has its own.
/// </summary>
internal sealed class ApiUplink : IAsyncDisposable
{
    private readonly string hostIfName;

    private ApiUplink(string hostIfName, IPAddress hostAddress, IPAddress nodeAddress)
    {
        this.hostIfName = hostIfName;
        HostAddress = hostAddress;
        NodeAddress = nodeAddress;
    }

    public IPAddress HostAddress { get; }

    public IPAddress NodeAddress { get; }

    /// <summary>
    /// <paramref name="subnet"/> is the third octet of 169.254.&lt;subnet&gt;.0/24 and <paramref name="slot"/> picks
    /// one of its /30s; the host gets .1 of it and the node .2.
    /// </summary>
    public static async Task<ApiUplink> CreateAsync(NetworkNamespace node, string hostIfName, string nodeIfName, int subnet, int slot)
    {
        var hostAddress = IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"169.254.{subnet}.{(slot * 4) + 1}"));
        var nodeAddress = IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"169.254.{subnet}.{(slot * 4) + 2}"));
        var uplink = new ApiUplink(hostIfName, hostAddress, nodeAddress);
        try
        {
            await Ip("link", "add", hostIfName, "type", "veth", "peer", "name", nodeIfName, "netns", node.Name).ConfigureAwait(false);
            await Ip("addr", "add", $"{hostAddress}/30", "dev", hostIfName).ConfigureAwait(false);
            await Ip("link", "set", hostIfName, "up").ConfigureAwait(false);
            await node.IpAsync("addr", "add", $"{nodeAddress}/30", "dev", nodeIfName).ConfigureAwait(false);
            await node.IpAsync("link", "set", nodeIfName, "up").ConfigureAwait(false);
            await node.IpAsync("link", "set", "lo", "up").ConfigureAwait(false);
            return uplink;
        }
        catch
        {
            await uplink.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Deleting the host end deletes the pair.</summary>
    public async ValueTask DisposeAsync() => await HostCommand.RunAsync("ip", "link", "del", hostIfName).ConfigureAwait(false);

    private static async Task Ip(params string[] args) => (await HostCommand.RunAsync("ip", args).ConfigureAwait(false)).EnsureSuccess();
}
