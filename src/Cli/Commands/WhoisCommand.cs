using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using Multi.Cli.Kube;
using Multi.Cli.Output;
using Multi.Core.Ipam;
using Spectre.Console;

namespace Multi.Cli.Commands;

/// <summary><c>multictl whois ADDRESS</c>: the claim holding an address, found by name in every pool whose CIDR contains it.</summary>
internal static class WhoisCommand
{
    public static Command Create(CommandRunner runner)
    {
        var address = new Argument<string>("ADDRESS") { Description = "The IPv4 or IPv6 address" };
        var pool = new Option<string?>("--pool") { Description = "Look only in this IP pool" };
        var command = new Command("whois", "Show the claim holding an address: pod, node, container, interface, age (exit 1 when free)") { address, pool };
        command.SetAction((parse, ct) => runner.RunAsync(parse, $"look up {parse.GetValue(address)}", (reader, printer, token) =>
            RunAsync(reader, printer, runner.Time, parse.GetRequiredValue(address), parse.GetValue(pool), token), ct));
        return command;
    }

    private static async Task<int> RunAsync(ClusterReader reader, Printer printer, TimeProvider time, string text, string? poolName, CancellationToken cancellationToken)
    {
        if (!IPAddress.TryParse(text, out var address) || address.IsIPv4MappedToIPv6)
        {
            throw new CliFailure($"\"{text}\" is not an IPv4 or IPv6 address");
        }

        var pools = await CandidatePoolsAsync(reader, poolName, cancellationToken).ConfigureAwait(false);
        var candidates = pools.Where(p => IpCidr.TryParse(p.Cidr, out var cidr, out _) && cidr.Contains(address)).ToList();
        var holders = new List<ClaimEntry>();
        foreach (var pool in candidates)
        {
            if (await reader.GetClaimAsync(IpAllocationName.Format(pool.Name, address), cancellationToken).ConfigureAwait(false) is { } claim)
            {
                holders.Add(claim);
            }
        }

        if (holders.Count == 0)
        {
            var where = candidates.Count == 0
                ? $"no IP pool{(poolName is null ? string.Empty : $" named {poolName}")} contains {address}"
                : $"{address} is free in {string.Join(", ", candidates.Select(p => p.Name))}";
            throw new CliFailure($"nobody holds {address}: {where}", ExitCodes.NotFound);
        }

        var now = time.GetUtcNow();
        printer.Write(new JsonArray([.. holders.Select(c => ClaimJson.ToJson(c, now))]), console => Render(console, holders, now));
        return ExitCodes.Ok;
    }

    private static async Task<IReadOnlyList<PoolEntry>> CandidatePoolsAsync(ClusterReader reader, string? poolName, CancellationToken cancellationToken)
    {
        if (poolName is null)
        {
            return await reader.ListPoolsAsync(cancellationToken).ConfigureAwait(false);
        }

        var pool = await reader.GetPoolAsync(poolName, cancellationToken).ConfigureAwait(false)
            ?? throw new CliFailure($"IP pool {poolName} not found");
        return [pool];
    }

    private static void Render(IAnsiConsole console, List<ClaimEntry> holders, DateTimeOffset now)
    {
        foreach (var claim in holders)
        {
            var owner = claim.Spec.Owner;
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Address:", Markup.Escape(claim.Spec.Address));
            grid.AddRow("Pool:", Markup.Escape(claim.Spec.Pool));
            grid.AddRow("Claim:", Markup.Escape(claim.Name));
            grid.AddRow("Pod:", Markup.Escape($"{owner.PodNamespace}/{owner.PodName} (uid {owner.PodUid})"));
            grid.AddRow("Node:", Markup.Escape(owner.Node));
            grid.AddRow("Container:", Markup.Escape(Ages.ShortContainer(owner.ContainerId)));
            grid.AddRow("Interface:", Markup.Escape(owner.Interface));
            grid.AddRow("Age:", Ages.Format(claim.Created, now));
            console.Write(grid);
        }
    }
}
