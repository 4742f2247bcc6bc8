using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Multi.Operator.Webhook;

/// <summary>
/// The webhook's certificate and key from <c>tls.crt</c> and <c>tls.key</c> (PEM) in a directory, as a mounted
/// kubernetes.io/tls Secret lays them out. At most once per check interval (on the injected clock) a handshake compares
/// the files' bytes with those being served: the kubelet swaps a Secret volume's files through a symlink, so contents
/// are the reliable signal, and reading two small files every few seconds costs nothing. A changed pair is served to new
/// connections; a pair that does not load (the certificate already rewritten, the key not yet) keeps the old one until
/// the next check.
/// </summary>
internal sealed partial class ServingCertificate
{
    public const string CertFile = "tls.crt";
    public const string KeyFile = "tls.key";

    private readonly string certPath;
    private readonly string keyPath;
    private readonly TimeSpan checkInterval;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Lock checking = new();
    private volatile Loaded current;
    private long lastCheck;

    private ServingCertificate(string certDir, TimeSpan checkInterval, TimeProvider time, ILogger logger, Loaded first)
    {
        (certPath, keyPath) = (Path.Combine(certDir, CertFile), Path.Combine(certDir, KeyFile));
        (this.checkInterval, this.time, this.logger, current) = (checkInterval, time, logger, first);
        lastCheck = time.GetTimestamp();
    }

    /// <summary>Loads the pair or throws naming the file and the problem: a webhook without a certificate cannot serve.</summary>
    public static ServingCertificate Load(string certDir, TimeSpan checkInterval, TimeProvider time, ILogger logger)
    {
        var (certPath, keyPath) = (Path.Combine(certDir, CertFile), Path.Combine(certDir, KeyFile));
        var cert = ReadOrThrow(certPath);
        var key = ReadOrThrow(keyPath);
        var loaded = TryCreate(cert, key, out var error) ?? throw new InvalidOperationException($"webhook certificate {certPath} with key {keyPath} does not load: {error}");
        return new ServingCertificate(certDir, checkInterval, time, logger, loaded);
    }

    /// <summary>The certificate to present; re-reads the files when a check is due.</summary>
    public X509Certificate2 Current
    {
        get
        {
            if (time.GetElapsedTime(Interlocked.Read(ref lastCheck)) >= checkInterval && checking.TryEnter())
            {
                try
                {
                    Check();
                }
                finally
                {
                    checking.Exit();
                }
            }

            return current.Certificate;
        }
    }

    private void Check()
    {
        Interlocked.Exchange(ref lastCheck, time.GetTimestamp());
        byte[] cert, key;
        try
        {
            (cert, key) = (File.ReadAllBytes(certPath), File.ReadAllBytes(keyPath));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ReloadFailed(certPath, ex.Message);
            return;
        }

        if (cert.AsSpan().SequenceEqual(current.Cert) && key.AsSpan().SequenceEqual(current.Key))
        {
            return;
        }

        if (TryCreate(cert, key, out var error) is { } loaded)
        {
            // The previous certificate is not disposed: a handshake may still be using it; the GC collects it.
            current = loaded;
            Reloaded(certPath, loaded.Certificate.Subject, loaded.Certificate.NotAfter.ToUniversalTime().ToString("O"), loaded.Certificate.Thumbprint);
        }
        else
        {
            ReloadFailed(certPath, error!);
        }
    }

    private static byte[] ReadOrThrow(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"webhook certificate file {path} cannot be read: {ex.Message}", ex);
        }
    }

    private static Loaded? TryCreate(byte[] cert, byte[] key, out string? error)
    {
        error = null;
        try
        {
            var pem = X509Certificate2.CreateFromPem(System.Text.Encoding.UTF8.GetString(cert), System.Text.Encoding.UTF8.GetString(key));
            return new Loaded(pem, cert, key);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            error = ex.Message;
            return null;
        }
    }

    private sealed record Loaded(X509Certificate2 Certificate, byte[] Cert, byte[] Key);

    [LoggerMessage(701, LogLevel.Information, "webhook certificate {Path} reloaded: {Subject}, valid until {NotAfter}, thumbprint {Thumbprint}")]
    private partial void Reloaded(string path, string subject, string notAfter, string thumbprint);

    [LoggerMessage(702, LogLevel.Warning, "webhook certificate {Path} changed but does not load; the previous one is served until the next check: {Reason}")]
    private partial void ReloadFailed(string path, string reason);
}
