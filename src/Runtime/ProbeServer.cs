using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Multi.Runtime;

/// <summary>
/// A minimal Kestrel endpoint: /healthz (200 while the manager's loops run), /readyz (200 once every informer has
/// synced, 503 and the reason otherwise) and /metrics (the registry in prometheus text format).
/// </summary>
internal sealed class ProbeServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private ProbeServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<ProbeServer> StartAsync(string address, Func<string?> unhealthy, Func<string?> notReady, CollectorRegistry registry, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(address);
        var app = builder.Build();
        app.MapGet("/healthz", context => ProbeAsync(context, unhealthy()));
        app.MapGet("/readyz", context => ProbeAsync(context, notReady()));
        app.MapGet("/metrics", async context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ProbeServer(app, new Uri(bound));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    // RequestDelegates rather than minimal-API lambdas: nothing to generate or reflect over, so the NativeAOT build serves them as is.
    private static Task ProbeAsync(HttpContext context, string? problem)
    {
        context.Response.StatusCode = problem is null ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(problem ?? "ok", context.RequestAborted);
    }
}
