using System.Net;
using System.Runtime.InteropServices;
using Multi.Sandbox.ApiServer;

namespace Multi.Sandbox.Local;

/// <summary>
/// The hidden <c>api-serve</c> command <see cref="ApiServerProcess"/> starts in the background:
/// <c>api-serve --listen ADDR --dir DIR --kubeconfig FILE --ready-file FILE</c>. It starts the persisted server, writes
/// the kubeconfig, then the ready file (the base URL), and serves until SIGTERM (its pid file is written by
/// <see cref="BackgroundProcess"/>).
/// </summary>
internal static class ApiServeCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        string Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault()
            ?? throw new InvalidOperationException($"api-serve: {name} is required");

        var directory = Option("--dir");
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await using var server = new EmbeddedApiServer(new EmbeddedApiServerOptions
        {
            PersistenceDirectory = Path.Combine(directory, "store"),
            ListenAddress = IPAddress.Parse(Option("--listen")),
        });
        var address = await server.StartAsync().ConfigureAwait(false);
        server.WriteKubeconfig(Option("--kubeconfig"));
        await WriteAtomicallyAsync(Option("--ready-file"), address.ToString()).ConfigureAwait(false);
        Console.WriteLine($"API server on {address}; objects in {directory}/store");
        await stopped.Task.ConfigureAwait(false);
        Console.WriteLine("API server stopping");
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopped.TrySetResult();
        }
    }

    /// <summary>The starting process polls the ready file: it must never read it half-written.</summary>
    private static async Task WriteAtomicallyAsync(string path, string text)
    {
        await File.WriteAllTextAsync(path + ".tmp", text).ConfigureAwait(false);
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
