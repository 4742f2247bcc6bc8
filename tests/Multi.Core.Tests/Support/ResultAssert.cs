using Multi.Core.Cni.Results;
using Xunit;

namespace Multi.Core.Tests.Support;

/// <summary>Structural comparison of results: records compare their immutable arrays by reference.</summary>
internal static class ResultAssert
{
    public static void Equal(CniResult expected, CniResult actual) => Assert.Equal(Describe(expected), Describe(actual));

    public static string Describe(CniResult r)
    {
        var lines = new List<string> { $"cniVersion {r.CniVersion}" };
        lines.AddRange(Items(r.Interfaces).Select(i => i.ToString()));
        lines.AddRange(Items(r.Ips).Select(i => i.ToString()));
        lines.AddRange(Items(r.Routes).Select(i => i.ToString()));
        lines.Add(r.Dns is null || r.Dns.IsEmpty
            ? "dns none"
            : $"dns [{string.Join(",", Items(r.Dns.Nameservers))}] {r.Dns.Domain} [{string.Join(",", Items(r.Dns.Search))}] [{string.Join(",", Items(r.Dns.Options))}]");
        return string.Join("\n", lines);
    }

    private static IEnumerable<T> Items<T>(System.Collections.Immutable.ImmutableArray<T> items) => items.IsDefault ? [] : items;
}
