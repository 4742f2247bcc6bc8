using Multi.Sandbox.Host;
using Spectre.Console;

namespace Multi.Sandbox.Local;

/// <summary>Renders the sandbox steps for a person: progress while it works, then tables.</summary>
internal static class SandboxCommands
{
    public static async Task<int> UpAsync(SandboxTopology topology)
    {
        var runner = new SandboxRunner(topology, Step);
        var pods = await runner.UpAsync().ConfigureAwait(false);
        var probes = await runner.ProbeAsync(pods).ConfigureAwait(false);

        RenderPods(pods);
        var table = new Table().Title("Connectivity").AddColumns("from", "to", "network", "address", "result");
        foreach (var p in probes)
        {
            table.AddRow(p.From, p.To, p.Network, p.Address, p.Reached ? "[green]reached[/]" : "[red]no answer[/]");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Configuration: {topology.ConfigFile}. Tear down with [bold]bash scripts/sandbox.sh down[/].");
        return probes.All(p => p.Reached) ? 0 : 1;
    }

    public static async Task<int> StatusAsync(SandboxTopology topology)
    {
        var pods = await new SandboxRunner(topology, _ => { }).StatusAsync().ConfigureAwait(false);
        if (pods.Count == 0)
        {
            AnsiConsole.MarkupLine("The sandbox is down.");
            return 0;
        }

        RenderPods(pods);
        return 0;
    }

    public static async Task<int> DownAsync(SandboxTopology topology)
    {
        var runner = new SandboxRunner(topology, Step);
        var report = await runner.DownAsync().ConfigureAwait(false);
        foreach (var leftover in report.Leftovers)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]left behind:[/] {leftover}");
        }

        if (report.Leftovers.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[green]Sandbox down:[/] {report.Deleted.Count} pod(s) deleted through CNI DEL, nothing left behind.");
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Sandbox down with {report.Leftovers.Count} leftover(s).[/]");
        }

        return report.Leftovers.Count == 0 ? 0 : 1;
    }

    private static void Step(string step) => AnsiConsole.MarkupLineInterpolated($"[grey]•[/] {step}");

    private static void RenderPods(IReadOnlyList<PodReport> pods)
    {
        var table = new Table().Title("Pods").AddColumns("pod", "interface", "MAC", "addresses");
        foreach (var pod in pods)
        {
            foreach (var link in pod.Interfaces.Where(l => l.Name != "lo"))
            {
                table.AddRow(pod.Pod, link.Name, link.Mac ?? string.Empty, string.Join(", ", link.GlobalAddresses));
            }
        }

        AnsiConsole.Write(table);
    }
}
