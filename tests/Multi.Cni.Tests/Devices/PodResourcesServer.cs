using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Multi.Cni.Tests.Devices;

/// <summary>A <see cref="FakeKubelet"/> served over gRPC on a Unix socket, as the kubelet serves PodResources (HTTP/2, no TLS).</summary>
internal sealed class PodResourcesServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private PodResourcesServer(WebApplication app, FakeKubelet kubelet)
    {
        this.app = app;
        Kubelet = kubelet;
    }

    public FakeKubelet Kubelet { get; }

    public static async Task<PodResourcesServer> StartAsync(string socketPath)
    {
        var kubelet = new FakeKubelet();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenUnixSocket(socketPath, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(kubelet);
        var app = builder.Build();
        app.MapGrpcService<FakeKubelet>();
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new PodResourcesServer(app, kubelet);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
