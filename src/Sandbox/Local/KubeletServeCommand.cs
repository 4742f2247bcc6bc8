using System.Runtime.InteropServices;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Multi.Sandbox.Local;

/// <summary>
/// The hidden <c>kubelet-serve</c> command <see cref="KubeletProcess"/> starts in the background: <c>kubelet-serve --socket
/// PATH --kubeconfig FILE --node NODE --resource NAME --devices ID,ID,… --ready-file FILE</c>. It serves the kubelet's
/// PodResources API v1 (<see cref="KubeletService"/>) over gRPC (HTTP/2 without TLS) on the Unix socket, as a kubelet
/// does, writes the ready file, and serves until SIGTERM; the socket is removed when it stops.
/// </summary>
internal static class KubeletServeCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        string Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault()
            ?? throw new InvalidOperationException($"kubelet-serve: {name} is required");

        var socket = Option("--socket");
        var node = Option("--node");
        var resource = Option("--resource");
        var devices = Option("--devices").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
        File.Delete(socket);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(Option("--kubeconfig"));
        config.HttpClientTimeout = TimeSpan.FromSeconds(5);
        using var client = new Kubernetes(config);
        await using var app = Build(socket, client, node, resource, devices);

        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await app.StartAsync().ConfigureAwait(false);
        app.Services.GetRequiredService<ILogger<KubeletService>>().Serving(socket, node, resource, string.Join(", ", devices));
        await File.WriteAllTextAsync(Option("--ready-file") + ".tmp", socket).ConfigureAwait(false);
        File.Move(Option("--ready-file") + ".tmp", Option("--ready-file"), overwrite: true);
        await stopped.Task.ConfigureAwait(false);
        await app.StopAsync().ConfigureAwait(false);
        File.Delete(socket);
        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopped.TrySetResult();
        }
    }

    /// <summary>Kestrel on the Unix socket with HTTP/2 only (gRPC without TLS), the service and its allocator; logs on the console, one line each.</summary>
    internal static WebApplication Build(string socket, IKubernetes client, string node, string resource, IReadOnlyList<string> devices)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders().AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(socket, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(sp => new KubeletService(
            client, node, resource, new KubeletDeviceAllocator(devices), sp.GetRequiredService<ILogger<KubeletService>>()));
        var app = builder.Build();
        app.MapGrpcService<KubeletService>();
        return app;
    }
}
