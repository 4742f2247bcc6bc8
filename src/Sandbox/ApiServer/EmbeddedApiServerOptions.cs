using System.Security.Cryptography.X509Certificates;

namespace Multi.Sandbox.ApiServer;

/// <summary>
/// How the embedded API server runs. <see cref="PersistenceDirectory"/> null keeps everything in memory;
/// <see cref="EventLogCapacity"/> bounds how far back a watch can resume before it gets 410 Expired.
/// </summary>
internal sealed record EmbeddedApiServerOptions
{
    public string? PersistenceDirectory { get; init; }

    public int EventLogCapacity { get; init; } = 10_000;

    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(1);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// For tests: called for every request before it is served; null serves it normally, an <see cref="ApiFault"/>
    /// delays, fails or drops it. Called concurrently, so it must be thread-safe.
    /// </summary>
    public Func<ApiRequestInfo, ApiFault?>? Faults { get; init; }

    /// <summary>How many of the latest requests <see cref="EmbeddedApiServer.Requests"/> keeps (all are counted).</summary>
    public int RequestLogCapacity { get; init; } = 10_000;

    /// <summary>
    /// Serve HTTPS with this certificate (it must have a private key) instead of plain HTTP. Clients may present a
    /// certificate; it is accepted without checks and shows in <see cref="ApiRequestInfo.ClientCertificateSubject"/>.
    /// </summary>
    public X509Certificate2? TlsCertificate { get; init; }

    /// <summary>
    /// The address to listen on: loopback by default; the sandbox and the Kubernetes-mode tests listen on an uplink
    /// address that plugins running in a node's network namespace can reach.
    /// </summary>
    public System.Net.IPAddress ListenAddress { get; init; } = System.Net.IPAddress.Loopback;

    /// <summary>The port; 0 picks a free one.</summary>
    public int Port { get; init; }
}
