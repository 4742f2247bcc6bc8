using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Multi.Sandbox.Local;

/// <summary>
/// A background process's <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>: at <paramref name="address"/> and the port
/// recorded in <paramref name="portFile"/> when the process was started.
/// </summary>
internal sealed class ProbeEndpoint(IPAddress address, string portFile)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    /// <summary>The probe address for a port, as <c>--Operator:ProbeAddress</c> takes it.</summary>
    public string Url(int port) => $"http://{address}:{port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Picks a free port and records it in the port file.</summary>
    public async Task<int> RecordFreePortAsync(CancellationToken cancellationToken)
    {
        var port = FreePort();
        await File.WriteAllTextAsync(portFile, port.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
        return port;
    }

    /// <summary>The status code and body, or no status and the failure.</summary>
    public async Task<(int? Status, string Body)> GetAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(portFile))
        {
            return (null, $"no {portFile}");
        }

        var port = (await File.ReadAllTextAsync(portFile, cancellationToken).ConfigureAwait(false)).Trim();
        try
        {
            using var response = await http.GetAsync(new Uri($"http://{address}:{port}{path}"), cancellationToken).ConfigureAwait(false);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>An answer as one line: <c>200 ok</c>, or why there is none.</summary>
    public static string Describe((int? Status, string Body) answer) =>
        answer.Status is { } status ? $"{status} {answer.Body.Trim()}" : answer.Body;

    /// <summary>
    /// A port nothing listens on now in the host's namespace; the process binds it a moment later (a race only another
    /// binder could lose us). A process in the node namespace has that namespace's ports to itself.
    /// </summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
