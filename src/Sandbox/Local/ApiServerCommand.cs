using System.Runtime.InteropServices;
using Multi.Sandbox.ApiServer;
using Spectre.Console;

namespace Multi.Sandbox.Local;

/// <summary>`api`: runs the embedded API server in the foreground, persisted in a directory, until Ctrl+C or SIGTERM.</summary>
internal static class ApiServerCommand
{
    public static async Task<int> RunAsync(string directory)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await using var server = new EmbeddedApiServer(new EmbeddedApiServerOptions { PersistenceDirectory = Path.Combine(directory, "store") });
        var address = await server.StartAsync().ConfigureAwait(false);
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        server.WriteKubeconfig(kubeconfig);
        AnsiConsole.MarkupLineInterpolated($"API server on [bold]{address}[/]; objects in {directory}/store.");
        AnsiConsole.MarkupLineInterpolated($"Use it with: [bold]export KUBECONFIG={kubeconfig}[/]. Stop with Ctrl+C.");
        await stopped.Task.ConfigureAwait(false);
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopped.TrySetResult();
        }
    }
}
