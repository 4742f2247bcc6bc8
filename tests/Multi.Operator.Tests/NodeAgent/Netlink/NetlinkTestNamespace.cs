using Multi.Sandbox.Host;
using Multi.Operator.NodeAgent.Netlink;

namespace Multi.Operator.Tests.NodeAgent.Netlink;

/// <summary>
/// A throwaway network namespace <c>nl-&lt;random&gt;</c> with a veth pair standing in for a node's uplink: <see cref="Uplink"/>
/// has 192.0.2.1/24 and 2001:db8::1/64 and is up. The test setup uses <c>ip</c>; the code under test does not.
/// </summary>
internal sealed class NetlinkTestNamespace : IAsyncDisposable
{
    public const string Uplink = "nl-up0";
    public const string UplinkPeer = "nl-up1";

    private NetlinkTestNamespace(string name) => Name = name;

    public string Name { get; }

    public string Path => NetworkNamespaceThread.PathOf(Name);

    /// <summary>Skips (naming the reason) without root.</summary>
    public static async Task<NetlinkTestNamespace> CreateAsync()
    {
        Assert.SkipUnless(HostCommand.IsRoot, "requires root: the test creates a network namespace and links in it");
        var ns = new NetlinkTestNamespace("nl-" + Guid.NewGuid().ToString("N")[..10]);
        (await HostCommand.RunAsync("ip", "netns", "add", ns.Name)).EnsureSuccess();
        try
        {
            await ns.IpAsync("link", "set", "lo", "up");
            await ns.IpAsync("link", "add", Uplink, "type", "veth", "peer", "name", UplinkPeer);
            await ns.IpAsync("addr", "add", "192.0.2.1/24", "dev", Uplink);
            await ns.IpAsync("addr", "add", "2001:db8::1/64", "dev", Uplink, "nodad");
            await ns.IpAsync("link", "set", Uplink, "up");
            await ns.IpAsync("link", "set", UplinkPeer, "up");
            return ns;
        }
        catch
        {
            await ns.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <c>ip -n &lt;name&gt; args</c>; throws with stderr when it fails.</summary>
    public async Task<string> IpAsync(params string[] args) =>
        (await HostCommand.RunAsync("ip", ["-n", Name, .. args], null, cancellationToken: TestContext.Current.CancellationToken)).EnsureSuccess().Stdout;

    public async ValueTask DisposeAsync() => await HostCommand.RunAsync("ip", "netns", "del", Name);
}
