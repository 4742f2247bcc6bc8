using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Multi.Sandbox.ApiServer;

/// <summary>
/// An in-process, Kubernetes-API-compatible HTTP server on a loopback port, for the sandbox and the tests.
/// Plain HTTP (or HTTPS with <see cref="EmbeddedApiServerOptions.TlsCertificate"/>) without authentication (the
/// kubeconfig carries a token only because clients insist on some credential; the server ignores it): clients reach
/// it through the kubeconfig <see cref="WriteKubeconfig"/> writes.
/// </summary>
internal sealed class EmbeddedApiServer : IAsyncDisposable
{
    private static readonly string[] InitialNamespaces = ["default", "kube-system"];
    private readonly EmbeddedApiServerOptions options;
    private readonly RequestJournal journal;
    private WebApplication? app;
    private ObjectStore? store;

    public EmbeddedApiServer(EmbeddedApiServerOptions options)
    {
        this.options = options;
        journal = new RequestJournal(options.RequestLogCapacity);
    }

    public Uri? BaseAddress { get; private set; }

    /// <summary>How many requests the server has received, including faulted ones.</summary>
    public long RequestCount => journal.Count;

    /// <summary>A snapshot of the latest requests (up to <see cref="EmbeddedApiServerOptions.RequestLogCapacity"/>), oldest first.</summary>
    public IReadOnlyList<ApiRequestInfo> Requests => journal.Snapshot();

    /// <summary>Loads the persisted objects (if any), starts listening and returns the base URL.</summary>
    public async Task<Uri> StartAsync(CancellationToken cancellationToken = default)
    {
        if (BaseAddress is not null)
            return BaseAddress;
        var persistence = options.PersistenceDirectory is null ? null : new ObjectPersistence(options.PersistenceDirectory);
        store = new ObjectStore(options.EventLogCapacity, persistence);
        var handler = new ApiRequestHandler(new ResourceRegistry(), store, options, journal);
        handler.RegisterStoredCrds();
        CreateInitialNamespaces(store);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(options.ListenAddress, options.Port, Listen));
        app = builder.Build();
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        return BaseAddress;
    }

    /// <summary>Writes a kubeconfig whose current context points at this server (namespace <c>default</c>).</summary>
    public void WriteKubeconfig(string path)
    {
        var server = BaseAddress ?? throw new InvalidOperationException("start the server before writing a kubeconfig");
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: multi
              cluster:
                server: {server.GetLeftPart(UriPartial.Authority)}{CertificateAuthorityLine()}
            users:
            - name: multi
              user:
                token: sandbox
            contexts:
            - name: multi
              context:
                cluster: multi
                user: multi
                namespace: default
            current-context: multi

            """);
    }

    private void Listen(ListenOptions listen)
    {
        if (options.TlsCertificate is not { } certificate)
            return;
        listen.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
            https.AllowAnyClientCertificate();
        });
    }

    /// <summary>With TLS, the kubeconfig trusts the server's own (self-signed) certificate.</summary>
    private string CertificateAuthorityLine() => options.TlsCertificate is { } certificate
        ? $"\n    certificate-authority-data: {Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem()))}"
        : "";

    public async ValueTask DisposeAsync()
    {
        if (app is null)
            return;
        store?.CloseWatches();
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        app = null;
    }

    private void CreateInitialNamespaces(ObjectStore store)
    {
        var type = new ResourceRegistry().Find("", "v1", "namespaces")!;
        var timestamp = ObjectMetadata.Timestamp(options.TimeProvider.GetUtcNow());
        foreach (var name in InitialNamespaces)
        {
            var key = new ObjectKey("", "namespaces", "", name);
            if (store.List("", "namespaces", null).Items.Any(n => ObjectMetadata.GetString(n, "name") == name))
                continue;
            var body = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } };
            store.Create(key, ObjectRules.PrepareCreate(body, type, null, timestamp));
        }
    }
}
