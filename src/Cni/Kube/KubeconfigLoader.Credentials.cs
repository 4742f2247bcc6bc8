using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

using Multi.Cni.State;

namespace Multi.Cni.Kube;

internal sealed partial class KubeconfigLoader
{
    /// <summary>User keys that change who the client is or how it authenticates and that Multi does not implement.</summary>
    private static readonly string[] UnsupportedUserKeys = ["exec", "auth-provider", "as", "as-uid", "as-groups", "as-user-extra"];

    private Kubeconfig ReadCluster(JsonObject cluster, string name, string context)
    {
        var where = $"cluster \"{name}\"";
        var server = String(cluster, "server", where);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw Fail($"{where} has no server");
        }

        if (!server.Contains("://", StringComparison.Ordinal))
        {
            server = "https://" + server; // client-go's default for host:port
        }

        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw Fail($"{where}: server \"{server}\" is not an http or https URL");
        }

        if (String(cluster, "proxy-url", where) is { Length: > 0 })
        {
            throw Fail($"{where}: \"proxy-url\" is not supported");
        }

        var authority = Material(cluster, "certificate-authority-data", "certificate-authority", where);
        return new Kubeconfig(path, context, uri)
        {
            CertificateAuthorities = authority is null ? null : Authorities(authority, where),
            InsecureSkipTlsVerify = Bool(cluster, "insecure-skip-tls-verify", where),
            TlsServerName = String(cluster, "tls-server-name", where) is { Length: > 0 } serverName ? serverName : null,
        };
    }

    private Kubeconfig ReadUser(JsonObject user, string name, Kubeconfig config)
    {
        var where = $"user \"{name}\"";
        foreach (var unsupported in UnsupportedUserKeys)
        {
            if (user[unsupported] is JsonObject { Count: > 0 } or JsonArray { Count: > 0 } || (user[unsupported] is JsonValue v && v.ToJsonString() != "\"\""))
            {
                throw Fail($"{where}: \"{unsupported}\" is not supported (use a token, a token file, a client certificate or basic auth)");
            }
        }

        var certificate = Material(user, "client-certificate-data", "client-certificate", where);
        var key = Material(user, "client-key-data", "client-key", where);
        if ((certificate is null) != (key is null))
        {
            throw Fail($"{where}: a client certificate needs both a certificate and a key");
        }

        var token = String(user, "token", where);
        KubeTokenFile? source = null;
        if (string.IsNullOrEmpty(token) && String(user, "tokenFile", where) is { Length: > 0 } tokenFile)
        {
            // The time is taken before the read: a rewrite in between is seen as a change at the next look.
            var modified = File.GetLastWriteTimeUtc(Path.GetFullPath(tokenFile, directory));
            token = Encoding.UTF8.GetString(ReadFile(tokenFile, "tokenFile", where)).Trim();
            source = new KubeTokenFile(Path.GetFullPath(tokenFile, directory), modified);
        }

        return config with
        {
            ClientCertificate = certificate is null ? null : ClientCertificate(certificate, key!, where),
            BearerToken = string.IsNullOrEmpty(token) ? null : token,
            TokenFile = string.IsNullOrEmpty(token) ? null : source,
            Username = String(user, "username", where) is { Length: > 0 } username ? username : null,
            Password = String(user, "password", where),
        };
    }

    /// <summary>Inline base64 data (preferred, as in client-go) or the file it names; null when neither is set.</summary>
    private byte[]? Material(JsonObject o, string dataKey, string fileKey, string where)
    {
        if (String(o, dataKey, where) is { Length: > 0 } data)
        {
            try
            {
                return Convert.FromBase64String(data);
            }
            catch (FormatException ex)
            {
                throw Fail($"{where}: {dataKey} is not valid base64", ex);
            }
        }

        return String(o, fileKey, where) is { Length: > 0 } file ? ReadFile(file, fileKey, where) : null;
    }

    private byte[] ReadFile(string file, string key, string where)
    {
        var resolved = Path.GetFullPath(file, directory);
        try
        {
            return CallerFile.ReadAllBytes(resolved);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Fail($"{where}: {key} {resolved} cannot be read: {(ex is FileNotFoundException or DirectoryNotFoundException ? "file not found" : ex.Message)}", ex);
        }
    }

    private X509Certificate2Collection Authorities(byte[] pem, string where)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPem(Encoding.UTF8.GetString(pem));
        }
        catch (CryptographicException ex)
        {
            throw Fail($"{where}: the certificate authority is not valid PEM: {ex.Message}", ex);
        }

        return authorities.Count > 0 ? authorities : throw Fail($"{where}: the certificate authority holds no PEM certificate");
    }

    private X509Certificate2 ClientCertificate(byte[] certificate, byte[] key, string where)
    {
        try
        {
            return X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(certificate), Encoding.UTF8.GetString(key));
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw Fail($"{where}: the client certificate and key are not a valid PEM pair: {ex.Message}", ex);
        }
    }
}
