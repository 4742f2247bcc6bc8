using Multi.Sandbox.Host;

namespace Multi.Bench.Pods;

/// <summary>Checks which interfaces a pod namespace holds; outside the timed calls.</summary>
internal static class PodInterfaces
{
    public static readonly string[] Attached = ["eth0", "lo", "net1", "net2"];

    public static readonly string[] Detached = ["lo"];

    public static async Task ExpectAsync(NetworkNamespace ns, IReadOnlyList<string> expected, string when)
    {
        var found = (await ns.LinksAsync().ConfigureAwait(false)).Select(l => l.Name).Order(StringComparer.Ordinal).ToList();
        if (!found.SequenceEqual(expected))
        {
            throw new InvalidOperationException($"{ns.Name} {when}: expected interfaces [{string.Join(", ", expected)}], found [{string.Join(", ", found)}]");
        }
    }
}
