using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Multi.Cli.Kube;
using Multi.Cli.Output;
using Multi.Core.Ipam;
using Spectre.Console;

namespace Multi.Cli.Commands;

/// <summary><c>multictl pool show NAME</c>: the pool's spec, its free ranges and its claims; <c>--free</c> lists free addresses.</summary>
internal static class PoolShowCommand
{
    /// <summary>The most addresses <c>--free</c> lists without an explicit <c>--limit</c>.</summary>
    public const int FreeListBound = 65_536;

    public static Command Create(CommandRunner runner)
    {
        var name = new Argument<string>("NAME") { Description = "The IPPool's name" };
        var listFree = new Option<bool>("--free") { Description = $"List every free address (refused above {FreeListBound:N0} unless --limit is given)" };
        var limit = new Option<int?>("--limit") { Description = "With --free: list at most this many free addresses", HelpName = "N" };
        var show = new Command("show", "Show one IP pool: spec, free ranges and claims") { name, listFree, limit };
        show.SetAction((parse, ct) => runner.RunAsync(parse, $"show IP pool {parse.GetValue(name)}", (reader, printer, token) =>
            RunAsync(reader, printer, runner.Time, new Request(parse.GetRequiredValue(name), parse.GetValue(listFree), parse.GetValue(limit)), token), ct));
        return new Command("pool", "Inspect one IP pool") { show };
    }

    private static async Task<int> RunAsync(ClusterReader reader, Printer printer, TimeProvider time, Request request, CancellationToken cancellationToken)
    {
        if (request.Limit is <= 0)
        {
            throw new CliFailure("--limit must be a positive number");
        }

        var pool = await reader.GetPoolAsync(request.Name, cancellationToken).ConfigureAwait(false)
            ?? throw new CliFailure($"IP pool {request.Name} not found");
        if (pool.Layout is not { } layout)
        {
            throw new CliFailure($"IP pool {pool.Name} has an unusable spec: {pool.Problem}");
        }

        var claims = (await reader.ListClaimsAsync(pool.Name, cancellationToken).ConfigureAwait(false))
            .OrderBy(c => c.Address is { } a ? IpMath.ToValue(a) : UInt128.MaxValue).ToList();
        var free = new FreeAddresses(layout, claims);
        var now = time.GetUtcNow();
        if (request.ListFree)
        {
            return ListFree(printer, pool.Name, free, request.Limit);
        }

        var data = new JsonObject
        {
            ["name"] = pool.Name,
            ["spec"] = Spec(layout),
            ["capacity"] = layout.CapacityText,
            ["allocated"] = claims.Count,
            ["free"] = free.CountText,
            ["freeRanges"] = new JsonArray([.. free.Ranges.Select(r => new JsonObject
            {
                ["start"] = r.Start.ToString(), ["end"] = r.End.ToString(), ["count"] = r.Count.ToString(CultureInfo.InvariantCulture),
            })]),
            ["claims"] = new JsonArray([.. claims.Select(c => ClaimJson.ToJson(c, now))]),
        };
        printer.Write(data, console => Render(console, layout, claims, free, now));
        return ExitCodes.Ok;
    }

    private static int ListFree(Printer printer, string pool, FreeAddresses free, int? limit)
    {
        if (limit is null && free.Count > FreeListBound)
        {
            throw new CliFailure($"IP pool {pool} has {free.CountText} free addresses, more than {FreeListBound:N0}; add --limit N to list the first N");
        }

        var addresses = free.Addresses(limit is { } n ? (UInt128)n : free.Count).Select(a => a.ToString()).ToList();
        printer.Write(new JsonArray([.. addresses.Select(a => (JsonNode)a)]), console =>
        {
            foreach (var address in addresses)
            {
                console.WriteLine(address);
            }
        });
        return ExitCodes.Ok;
    }

    private static JsonObject Spec(IpPoolLayout layout) => new()
    {
        ["cidr"] = layout.Cidr.ToString(),
        ["gateway"] = layout.Spec.Gateway,
        ["ranges"] = new JsonArray([.. layout.Spec.Ranges.Select(r => (JsonNode)$"{r.Start}-{r.End}")]),
        ["exclude"] = new JsonArray([.. layout.Spec.Exclude.Select(e => (JsonNode)e)]),
        ["nodeSelector"] = new JsonObject(layout.Spec.NodeSelector.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
        ["stickyAddresses"] = layout.Spec.StickyAddresses,
    };

    private static void Render(IAnsiConsole console, IpPoolLayout layout, List<ClaimEntry> claims, FreeAddresses free, DateTimeOffset now)
    {
        var spec = layout.Spec;
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("Name:", Markup.Escape(layout.Pool));
        grid.AddRow("CIDR:", Markup.Escape(layout.Cidr.ToString()));
        grid.AddRow("Gateway:", Markup.Escape(spec.Gateway ?? "-"));
        grid.AddRow("Ranges:", Markup.Escape(spec.Ranges.Count == 0 ? "(whole CIDR)" : string.Join(", ", spec.Ranges.Select(r => $"{r.Start}-{r.End}"))));
        grid.AddRow("Exclude:", Markup.Escape(spec.Exclude.Count == 0 ? "-" : string.Join(", ", spec.Exclude)));
        grid.AddRow("Node selector:", Markup.Escape(spec.NodeSelector.Count == 0 ? "(every node)" : string.Join(",", spec.NodeSelector.Select(p => $"{p.Key}={p.Value}"))));
        grid.AddRow("Sticky addresses:", spec.StickyAddresses ? "yes" : "no");
        grid.AddRow("Capacity:", layout.CapacityText);
        grid.AddRow("Allocated:", claims.Count.ToString(CultureInfo.InvariantCulture));
        grid.AddRow("Free:", free.CountText);
        console.Write(grid);
        console.WriteLine();
        console.WriteLine("Free ranges:");
        var ranges = new Table().Border(TableBorder.Simple).AddColumns("START", "END", "COUNT");
        foreach (var (start, end, count) in free.Ranges)
        {
            ranges.AddRow(start.ToString(), end.ToString(), count.ToString(CultureInfo.InvariantCulture));
        }

        console.Write(ranges);
        console.WriteLine("Claims:");
        console.Write(ClaimJson.Table(claims, now));
    }

    private sealed record Request(string Name, bool ListFree, int? Limit);
}
