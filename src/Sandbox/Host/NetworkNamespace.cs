using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Sandbox.Host;

/// <summary>A named network namespace (<c>ip netns</c>): a pod or a simulated node.</summary>
internal sealed class NetworkNamespace : IAsyncDisposable
{
    private NetworkNamespace(string name) => Name = name;

    public string Name { get; }

    public string Path => $"/var/run/netns/{Name}";

    /// <summary>Creates the namespace with loopback up; an existing one of that name is replaced.</summary>
    public static async Task<NetworkNamespace> CreateAsync(string name)
    {
        if (File.Exists($"/var/run/netns/{name}"))
        {
            await HostCommand.RunAsync("ip", "netns", "del", name).ConfigureAwait(false);
        }

        (await HostCommand.RunAsync("ip", "netns", "add", name).ConfigureAwait(false)).EnsureSuccess();
        var ns = new NetworkNamespace(name);
        await ns.IpAsync("link", "set", "lo", "up").ConfigureAwait(false);
        return ns;
    }

    public static NetworkNamespace Existing(string name) => new(name);

    public bool Exists => File.Exists(Path);

    /// <summary>Runs <c>ip -n &lt;ns&gt; …</c> and fails on error.</summary>
    public async Task<string> IpAsync(params string[] args) =>
        (await HostCommand.RunAsync("ip", ["-n", Name, .. args]).ConfigureAwait(false)).EnsureSuccess().Stdout;

    /// <summary>Runs a program inside the namespace.</summary>
    public Task<CommandResult> ExecAsync(params string[] command) => HostCommand.RunAsync("ip", ["netns", "exec", Name, .. command]);

    /// <summary>Interfaces with their addresses (from <c>ip -j addr</c>), loopback included.</summary>
    public async Task<IReadOnlyList<LinkInfo>> LinksAsync()
    {
        var json = await IpAsync("-j", "addr", "show").ConfigureAwait(false);
        return JsonNode.Parse(json) is JsonArray links ? links.Select(LinkInfo.From).ToList() : [];
    }

    /// <summary>Routes of one family as <c>ip -j route</c> prints them: destination, gateway, device.</summary>
    public async Task<IReadOnlyList<RouteInfo>> RoutesAsync(bool ipv6 = false)
    {
        var json = await IpAsync(ipv6 ? "-6" : "-4", "-j", "route", "show").ConfigureAwait(false);
        return JsonNode.Parse(json) is JsonArray routes
            ? routes.OfType<JsonObject>().Select(r => new RouteInfo(Str(r, "dst") ?? string.Empty, Str(r, "gateway"), Str(r, "dev") ?? string.Empty)).ToList()
            : [];
    }

    /// <summary>Sends <paramref name="count"/> pings from this namespace; true when any answer came back.</summary>
    public async Task<bool> PingAsync(string address, int count = 2)
    {
        var result = await ExecAsync("ping", "-c", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "-W", "1", "-i", "0.2", address).ConfigureAwait(false);
        return result.Succeeded;
    }

    public async ValueTask DisposeAsync()
    {
        if (Exists)
        {
            await HostCommand.RunAsync("ip", "netns", "del", Name).ConfigureAwait(false);
        }
    }

    internal static string? Str(JsonObject o, string key) =>
        o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}

/// <summary>One interface of a namespace and its global and link-local addresses in CIDR form.</summary>
internal sealed record LinkInfo(string Name, string? Mac, IReadOnlyList<string> Addresses)
{
    public static LinkInfo From(JsonNode? node)
    {
        var o = node as JsonObject ?? [];
        var addresses = o["addr_info"] is JsonArray info
            ? info.OfType<JsonObject>().Select(a => $"{NetworkNamespace.Str(a, "local")}/{a["prefixlen"]}").ToList()
            : [];
        return new LinkInfo(NetworkNamespace.Str(o, "ifname") ?? string.Empty, NetworkNamespace.Str(o, "address"), addresses);
    }

    /// <summary>Addresses other than IPv6 link-local ones.</summary>
    public IEnumerable<string> GlobalAddresses => Addresses.Where(a => !a.StartsWith("fe80:", StringComparison.OrdinalIgnoreCase));
}

internal sealed record RouteInfo(string Destination, string? Gateway, string Device);
