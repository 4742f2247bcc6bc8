using Spectre.Console;

namespace Multi.Sandbox.Local;

/// <summary>Renders the sandbox steps for a person: progress while it works, then tables.</summary>
internal static class SandboxCommands
{
    public static async Task<int> UpAsync(SandboxTopology topology)
    {
        var report = await WithProgressAsync("bringing the sandbox up", step => new SandboxRunner(topology, step).UpAsync()).ConfigureAwait(false);
        RenderClusterNetworks(report.ClusterNetworks);
        RenderPods(report.Pods);
        RenderPools(report.Pools);
        SandboxDeviceReport.Render(report.Devices);
        RenderNodes(report.Nodes);
        var table = new Table().Title("Connectivity over secondary networks").AddColumns("from", "to", "nodes", "network", "address", "result");
        foreach (var p in report.Probes)
        {
            table.AddRow(Markup.Escape(p.From), Markup.Escape(p.To), Markup.Escape(p.Nodes), Markup.Escape(p.Network), p.Address, p.Reached ? "[green]reached[/]" : "[red]no answer[/]");
        }

        AnsiConsole.Write(table);
        RenderReclaim(report.Reclaim);
        RenderAttachment(report, topology);
        AnsiConsole.MarkupLineInterpolated($"API: [bold]export KUBECONFIG={topology.Kubeconfig}[/]; multi's configuration: {topology.ConfigFile}; operator log: {topology.OperatorLogFile}; node daemon logs: {string.Join(", ", topology.Nodes.Select(n => n.DaemonLogFile))}.");
        if (!report.Connected)
        {
            AnsiConsole.MarkupLine(report.Probes.Count == 0
                ? "[red]No two pods share a secondary network: connectivity was not proven.[/]"
                : "[red]Connectivity over a secondary network failed.[/]");
        }

        if (!report.Reclaim.Reclaimed)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Reclaim failed: {report.Reclaim.Problem}[/]");
        }

        AnsiConsole.MarkupLine("Tear down with [bold]bash scripts/sandbox.sh down[/].");
        return report.Succeeded ? 0 : 1;
    }

    public static async Task<int> StatusAsync(SandboxTopology topology)
    {
        var status = await new SandboxRunner(topology, _ => { }).StatusAsync().ConfigureAwait(false);
        if (!status.Up)
        {
            var running = new[] { (status.ApiServerAlive, "API server"), (status.Operator.Alive, "operator"), (status.KubeletAlive, "kubelet") }
                .Concat(status.Nodes.Select(n => (n.Daemon.Alive, $"node daemon ({n.Name})")))
                .Where(p => p.Item1).Select(p => p.Item2).ToList();
            AnsiConsole.MarkupLine(running.Count == 0
                ? "The sandbox is down."
                : $"The sandbox is down, [red]but its {string.Join(" and ", running)} process{(running.Count == 1 ? "" : "es")} still run{(running.Count == 1 ? "s" : "")}[/].");
            return 0;
        }

        AnsiConsole.MarkupLine(status.ApiServerAlive
            ? $"API server process: [green]running[/] (KUBECONFIG={Markup.Escape(topology.Kubeconfig)})"
            : "API server process: [red]not running[/] (`down` still works: DEL runs from multi's cache)");
        RenderOperator(status.Operator, topology);
        foreach (var (node, state) in topology.Nodes.Zip(status.Nodes))
        {
            RenderDaemon(state.Daemon, node);
        }

        AnsiConsole.MarkupLine(status.KubeletAlive
            ? $"Kubelet process (PodResources API): [green]running[/] on {Markup.Escape(topology.PodResourcesSocket)} (log {Markup.Escape(topology.KubeletLogFile)})"
            : $"Kubelet process (PodResources API): [red]not running[/] (multi then finds no device for the VF pod; see {Markup.Escape(topology.KubeletLogFile)})");
        RenderNodes(status.Nodes);
        RenderClusterNetworks(status.ClusterNetworks);
        RenderPods(status.Pods);
        RenderPools(status.Pools);
        SandboxDeviceReport.Render(status.Devices);
        return 0;
    }

    public static async Task<int> DownAsync(SandboxTopology topology)
    {
        var report = await WithProgressAsync("tearing the sandbox down", step => new SandboxRunner(topology, step).DownAsync()).ConfigureAwait(false);
        foreach (var note in report.Notes)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]note:[/] {note}");
        }

        foreach (var leftover in report.Leftovers)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]left behind:[/] {leftover}");
        }

        if (report.Leftovers.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[green]Sandbox down:[/] {report.Deleted.Count} pod(s) deleted through CNI DEL, kubelet, node daemons, operator and API server stopped, nodes removed, nothing left behind.");
        }
        else
        {
            AnsiConsole.MarkupLineInterpolated($"[red]Sandbox down with {report.Leftovers.Count} leftover(s).[/]");
        }

        return report.Leftovers.Count == 0 ? 0 : 1;
    }

    /// <summary>Each step is printed as it starts; on a terminal a spinner shows the current one (elsewhere it would repeat the lines).</summary>
    private static Task<T> WithProgressAsync<T>(string title, Func<Action<string>, Task<T>> work)
    {
        static void Print(string step) => AnsiConsole.MarkupLineInterpolated($"[grey]•[/] {step}");
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            return work(Print);
        }

        return AnsiConsole.Status().StartAsync(title, context => work(step =>
        {
            Print(step);
            context.Status(Markup.Escape(step));
        }));
    }

    /// <summary>The IPPools with capacity, allocated and free as their status (the operator's IPPool controller) says.</summary>
    private static void RenderPools(IReadOnlyList<PoolUsage> pools)
    {
        if (pools.Count == 0)
        {
            return;
        }

        var table = new Table().Title("IP pools (multi-ipam; from IPPool.status)").AddColumns("pool", "CIDR", "capacity", "allocated", "free");
        foreach (var pool in pools)
        {
            table.AddRow(
                Markup.Escape(pool.Name),
                Markup.Escape(pool.Cidr),
                pool.Problem is null ? pool.Capacity! : $"[red]{Markup.Escape(pool.Problem)}[/]",
                pool.Allocated.ToString(System.Globalization.CultureInfo.InvariantCulture),
                pool.Free ?? "");
        }

        AnsiConsole.Write(table);
    }

    /// <summary>
    /// The reclaim demonstration as one block: the pod, its address and claim, how long after the pod's deletion the
    /// operator released the claim, its AddressReclaimed event and the pool's allocated count around it.
    /// </summary>
    private static void RenderReclaim(ReclaimReport r)
    {
        static string Count(int? n) => n?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
        var seconds = r.ReleasedAfter is { } after ? $"{after.TotalSeconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} s after the pod's deletion" : "not released";
        var lines = new[]
        {
            $"pod:        {r.Pod} on {r.Network}, attached through multi ADD, then its network namespace removed and its pod object deleted without CNI DEL",
            $"address:    {r.Address ?? "?"} (pool {r.Pool ?? "?"})",
            $"claim:      IPAllocation {r.Claim ?? "?"}",
            $"released:   {seconds} (grace {r.Grace.TotalSeconds} s, bound {r.Bound.TotalSeconds} s)",
            $"event:      {(r.Event is null ? "none" : $"Warning AddressReclaimed: {r.Event}")}",
            $"allocated:  before {Count(r.AllocatedBefore)}, with the pod {Count(r.AllocatedDuring)}, after {Count(r.AllocatedAfter)}",
            $"cleanup:    {r.Cleanup}",
        };
        var body = string.Join('\n', lines.Select(Markup.Escape));
        var panel = new Panel(r.Reclaimed ? body : $"{body}\n[red]{Markup.Escape(r.Problem!)}[/]")
            .Header(r.Reclaimed ? "Reclaim: an address back without CNI DEL" : "[red]Reclaim: FAILED[/]");
        AnsiConsole.Write(panel);
    }

    /// <summary>Alive or not, /healthz, reconciles per controller and reclaim releases from /metrics.</summary>
    private static void RenderOperator(OperatorHealth health, SandboxTopology topology)
    {
        if (!health.Alive)
        {
            AnsiConsole.MarkupLineInterpolated($"Operator process: [red]not running[/] (see {topology.OperatorLogFile}; the NADs it rendered stay in the API)");
            return;
        }

        var reconciles = string.Join(", ", health.Reconciles.Select(r => $"{r.Key} {r.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
        var reclaimed = health.Reclaimed?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown (no /metrics)";
        AnsiConsole.MarkupLineInterpolated(
            $"Operator process: [green]running[/], /healthz: {health.Healthz}; reconciles: {(reconciles.Length == 0 ? "none yet" : reconciles)}; addresses reclaimed (multi_ipam_gc_releases_total): {reclaimed} (log {topology.OperatorLogFile})");
    }

    /// <summary>
    /// Alive or not, /healthz and /readyz, and from /metrics the requests per plugin by verb and result
    /// (<c>multi: ADD ok 4, DEL ok 1; multi-ipam: …</c>), the requests in flight, the cache misses and the API requests.
    /// </summary>
    private static void RenderDaemon(DaemonHealth health, SandboxNode node)
    {
        if (!health.Alive)
        {
            AnsiConsole.MarkupLineInterpolated($"Node daemon process of {node.Name}: [red]not running[/] (see {node.DaemonLogFile}; the multi shim runs CNI requests in-process)");
            return;
        }

        AnsiConsole.MarkupLineInterpolated(
            $"Node daemon process of {node.Name}: [green]running[/] in {node.Namespace} (socket {node.DaemonSocket}), /healthz: {health.Healthz}, /readyz: {health.Readyz} (log {node.DaemonLogFile})");
        if (health.Requests is null)
        {
            AnsiConsole.MarkupLine("  requests: unknown (no /metrics)");
            return;
        }

        AnsiConsole.MarkupLineInterpolated($"  requests: {DaemonRequests(health)}");
        AnsiConsole.MarkupLineInterpolated(
            $"  in flight: {Number(health.Inflight)}; cache misses: {(health.CacheMisses is { Count: > 0 } misses ? string.Join(", ", misses.Select(m => $"{m.Key} {Number(m.Value)}")) : "none")}; API requests from its CNI path: {Number(health.ApiRequests)}");
    }

    /// <summary>Requests per plugin by verb and result: <c>multi: ADD ok 4, DEL ok 1; multi-ipam: ADD ok 3</c>, or "none yet".</summary>
    private static string DaemonRequests(DaemonHealth health) => health.Requests is { Count: > 0 } requests
        ? string.Join("; ", requests.GroupBy(r => r.Plugin).Select(g => $"{g.Key}: {string.Join(", ", g.Select(r => $"{r.Verb} {r.Result} {Number(r.Count)}"))}"))
        : "none yet";

    private static string Number(double? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";

    /// <summary>That <c>up</c> attached its pods through the node daemons, with each one's request counts, or a warning per ADD the shim ran in-process.</summary>
    private static void RenderAttachment(UpReport report, SandboxTopology topology)
    {
        var requests = string.Join("; ", topology.Nodes.Zip(report.Nodes).Select(n =>
            $"{n.First.Name} ({n.First.DaemonSocket}): {(n.Second.Daemon.Requests is null ? "its /metrics did not answer" : DaemonRequests(n.Second.Daemon))}"));
        if (report.InProcess.Count == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"Pods attached through the node daemons: {requests}.");
            return;
        }

        foreach (var line in report.InProcess)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] an ADD ran in-process, not through the node daemon: {line}");
        }

        AnsiConsole.MarkupLineInterpolated($"Node daemons: {requests}; see {string.Join(", ", topology.Nodes.Select(n => n.DaemonLogFile))}.");
    }

    /// <summary>
    /// The nodes: daemon alive and ready, and every link the node agent manages there (from the node's NodeNetworkState,
    /// else as <c>ip -d link</c> shows VXLAN and VLAN links in its namespace).
    /// </summary>
    private static void RenderNodes(IReadOnlyList<NodeState> nodes)
    {
        var table = new Table().Title("Nodes and their host links (node agent)").AddColumns("node", "daemon", "link", "kind", "state", "detail", "source");
        foreach (var node in nodes)
        {
            var daemon = node.Daemon.Alive ? $"[green]running[/], /readyz {Markup.Escape(node.Daemon.Readyz ?? "?")}" : "[red]not running[/]";
            var summary = node.Summary is null ? "" : $" ({Markup.Escape(node.Summary)} Ready)";
            if (node.Problem is not null || node.Links.Count == 0)
            {
                table.AddRow(Markup.Escape(node.Name) + summary, daemon, "", "", "", node.Problem is null ? "no managed link" : $"[red]{Markup.Escape(node.Problem)}[/]", "");
            }

            foreach (var link in node.Links)
            {
                table.AddRow(Markup.Escape(node.Name) + summary, daemon, Markup.Escape(link.Name), Markup.Escape(link.Kind), Markup.Escape(link.State), Markup.Escape(link.Detail), Markup.Escape(link.Source));
            }
        }

        AnsiConsole.Write(table);
    }

    /// <summary>The ClusterNetworks as the operator reports them in their status.</summary>
    private static void RenderClusterNetworks(IReadOnlyList<ClusterNetworkState> networks)
    {
        var table = new Table().Title("ClusterNetworks (status written by the operator)").AddColumns("name", "type", "interface", "NADs", "Ready", "message");
        foreach (var n in networks)
        {
            var ready = n.Ready is null ? "" : $"{n.Ready} ({n.Reason})";
            table.AddRow(
                Markup.Escape(n.Name),
                Markup.Escape(n.Type),
                Markup.Escape(n.Interface ?? ""),
                n.NadText,
                n.IsReady ? $"[green]{Markup.Escape(ready)}[/]" : $"[red]{Markup.Escape(ready)}[/]",
                Markup.Escape(n.Message ?? ""));
        }

        AnsiConsole.Write(table);
    }

    /// <summary>Pods × interfaces from each pod's network-status annotation.</summary>
    private static void RenderPods(IReadOnlyList<PodNetworks> pods)
    {
        var table = new Table().Title("Pods (from their network-status annotation)").AddColumns("pod", "interface", "network", "addresses", "MAC", "default");
        foreach (var pod in pods)
        {
            if (pod.Problem is not null)
            {
                table.AddRow(Markup.Escape(pod.Pod.Display), "", "", $"[red]{Markup.Escape(pod.Problem)}[/]", "", "");
            }

            foreach (var entry in pod.Networks)
            {
                table.AddRow(Markup.Escape(pod.Pod.Display), Markup.Escape(entry.Interface), Markup.Escape(entry.Network), string.Join(", ", entry.Ips), entry.Mac ?? "", entry.Default ? "yes" : "");
            }
        }

        AnsiConsole.Write(table);
    }
}
