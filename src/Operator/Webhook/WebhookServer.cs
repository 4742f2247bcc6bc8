using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Multi.Operator.Webhook;

/// <summary>
/// Kestrel over HTTPS (HTTP/1.1 and HTTP/2, as the API server speaks either) serving <c>/validate</c> and
/// <c>/mutate-pod</c>. The certificate is chosen per handshake from <see cref="ServingCertificate"/>, so a renewed Secret is
/// served to new connections without a restart.
/// </summary>
internal sealed partial class WebhookServer : IAsyncDisposable
{
    /// <summary>The API server sends objects of at most about 3 MiB (etcd's limit plus the review's envelope).</summary>
    public const long MaxReviewBytes = 6 * 1024 * 1024;

    private readonly WebApplication app;

    private WebhookServer(WebApplication app, Uri address) => (this.app, Address) = (app, address);

    public Uri Address { get; }

    public static async Task<WebhookServer> StartAsync(WebhookOptions options, WebhookEndpoints endpoints, ServingCertificate certificate, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = MaxReviewBytes;
            kestrel.Listen(IPAddress.Parse(options.Address), options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https => https.ServerCertificateSelector = (_, _) => certificate.Current);
            });
        });
        var app = builder.Build();
        app.MapPost(WebhookEndpoints.ValidatePath, endpoints.ValidateAsync);
        app.MapPost(WebhookEndpoints.MutatePodPath, endpoints.MutatePodAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Serving(loggers.CreateLogger<WebhookServer>(), bound.ToString());
        return new WebhookServer(app, bound);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    [LoggerMessage(700, LogLevel.Information, "admission webhook serving on {Address}")]
    private static partial void Serving(ILogger logger, string address);
}
