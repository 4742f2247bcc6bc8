using System.Globalization;

namespace Multi.Operator.NodeAgent.Install;

/// <summary>
/// The kubeconfig the thin path (<c>multi</c> and <c>multi-ipam</c> run by the runtime) reads: the API server, its CA
/// embedded, and a <c>tokenFile</c> the agent keeps fresh, so no token that can expire is written into the file.
/// </summary>
internal static class ThinKubeconfig
{
    /// <summary>https://host:port from the in-cluster service environment (an IPv6 host in brackets); null when unset.</summary>
    public static string? ServerFromEnvironment(string? host, string? port)
    {
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            return null;
        }

        var h = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
        return string.Create(CultureInfo.InvariantCulture, $"https://{h}:{port}");
    }

    public static string Render(string server, ReadOnlySpan<byte> caCertificate, string tokenFile) =>
        $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: local
          cluster:
            server: {Quote(server)}
            certificate-authority-data: {Convert.ToBase64String(caCertificate)}
        users:
        - name: multi
          user:
            tokenFile: {Quote(tokenFile)}
        contexts:
        - name: multi-context
          context:
            cluster: local
            user: multi
        current-context: multi-context

        """;

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
