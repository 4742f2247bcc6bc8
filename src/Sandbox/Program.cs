using Multi.Sandbox.Local;
using Spectre.Console;

// The local sandbox: `up` attaches pods (network namespaces) through multi, `status` shows them, `down` tears down;
// `api` runs the embedded Kubernetes-API-compatible server in the foreground.
var command = args.FirstOrDefault() ?? "up";
var topology = SandboxTopology.Default;
try
{
    switch (command)
    {
        case "up":
            return await SandboxCommands.UpAsync(topology).ConfigureAwait(false);
        case "status":
            return await SandboxCommands.StatusAsync(topology).ConfigureAwait(false);
        case "down":
            return await SandboxCommands.DownAsync(topology).ConfigureAwait(false);
        case "api-serve":
            // Hidden: the background API server process `up` starts (see ApiServerProcess).
            return await ApiServeCommand.RunAsync(args[1..]).ConfigureAwait(false);
        case "kubelet-serve":
            // Hidden: the background kubelet (PodResources API) process `up` starts (see KubeletProcess).
            return await KubeletServeCommand.RunAsync(args[1..]).ConfigureAwait(false);
        case "api":
            return await ApiServerCommand.RunAsync(args.ElementAtOrDefault(1) ?? Path.Combine(topology.StateDir, "api")).ConfigureAwait(false);
        default:
            AnsiConsole.MarkupLine("[red]usage:[/] Multi.Sandbox up | status | down | api [[directory]]");
            return 2;
    }
}
catch (Exception ex) when (ex is InvalidOperationException or FileNotFoundException or IOException or TimeoutException
    or HttpRequestException or k8s.Autorest.HttpOperationException or YamlDotNet.Core.YamlException)
{
    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {ex.Message}");
    if (command == "up" && File.Exists(topology.StateFile) && !ex.Message.Contains("already up", StringComparison.Ordinal))
    {
        AnsiConsole.MarkupLine("The sandbox is half up: [bold]bash scripts/sandbox.sh down[/] cleans up.");
    }

    return 1;
}
