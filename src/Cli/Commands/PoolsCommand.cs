using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Multi.Cli.Kube;
using Spectre.Console;

namespace Multi.Cli.Commands;

/// <summary>
/// <c>multictl pools</c>: every IPPool with its capacity, allocated claims (of which node-reserved), free addresses and a usage
/// bar.
/// </summary>
internal static class PoolsCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("pools", "List IP pools: CIDR, capacity, allocated (IPAllocation claims), node-reserved, free and usage");
        command.SetAction((parse, ct) => runner.RunAsync(parse, "list IP pools", RunAsync, ct));
        return command;
    }

    private static async Task<int> RunAsync(ClusterReader reader, Output.Printer printer, CancellationToken cancellationToken)
    {
        var rows = new List<PoolRow>();
        foreach (var pool in await reader.ListPoolsAsync(cancellationToken).ConfigureAwait(false))
        {
            var claims = await reader.ListClaimsAsync(pool.Name, cancellationToken).ConfigureAwait(false);
            rows.Add(PoolRow.From(pool, claims));
        }

        var data = new JsonArray([.. rows.Select(r => r.ToJson())]);
        printer.Write(data, console => Render(console, rows));
        return ExitCodes.Ok;
    }

    private static void Render(IAnsiConsole console, List<PoolRow> rows)
    {
        if (rows.Count == 0)
        {
            console.WriteLine("No IP pools.");
            return;
        }

        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("NAME", "CIDR", "CAPACITY", "ALLOCATED", "NODE-RESERVED", "FREE", "USAGE");
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Name), Markup.Escape(row.Cidr), row.Capacity ?? "-", row.Allocated.ToString(CultureInfo.InvariantCulture),
                row.NodeReserved.ToString(CultureInfo.InvariantCulture), row.Free ?? "-", row.Problem is null ? UsageBar(row.Usage) : "[red]" + Markup.Escape(row.Problem) + "[/]");
        }

        console.Write(table);
    }

    /// <summary>Twenty cells and the percentage, e.g. <c>█████░░░░░░░░░░░░░░░ 25%</c>.</summary>
    internal static string UsageBar(double usage)
    {
        const int Cells = 20;
        var filled = (int)Math.Round(Math.Clamp(usage, 0, 1) * Cells, MidpointRounding.AwayFromZero);
        var color = usage >= 0.9 ? "red" : usage >= 0.7 ? "yellow" : "green";
        var percent = (usage * 100).ToString("0.#", CultureInfo.InvariantCulture);
        return $"[{color}]{new string('█', filled)}[/][grey]{new string('░', Cells - filled)}[/] {percent}%";
    }
}
