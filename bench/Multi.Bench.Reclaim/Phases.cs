using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using k8s;
using Multi.Operator.Entities;

namespace Multi.Bench.Reclaim;

internal static class Phases
{
    /// <summary>
    /// Deletes the pods one at a time; for each, the time from the DELETE's answer until the watch in this process sees its
    /// claim's DELETED event (the next pod is deleted only after that).
    /// </summary>
    public static async Task<List<double>> DeletionLatenciesAsync(IKubernetes client, DeletionWatcher watcher, IReadOnlyList<(string Namespace, string Pod, string Claim)> pods)
    {
        var latencies = new List<double>(pods.Count);
        foreach (var (ns, pod, claim) in pods)
        {
            var gone = watcher.DeletedAsync(claim);
            await client.CoreV1.DeleteNamespacedPodAsync(pod, ns).ConfigureAwait(false);
            var answered = Stopwatch.GetTimestamp();
            var seen = await gone.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            latencies.Add(Stopwatch.GetElapsedTime(answered, seen).TotalMilliseconds);
        }

        return latencies;
    }

    /// <summary>The names of the claims the selector matches, listed in pages of 5000.</summary>
    public static async Task<HashSet<string>> ClaimNamesAsync(IKubernetes client, string? labelSelector = null)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = (JsonElement)await client.CustomObjects.ListClusterCustomObjectAsync(
                IpAllocationResource.Group, IpAllocationResource.Version, IpAllocationResource.Plural, continueParameter: token, labelSelector: labelSelector, limit: 5000).ConfigureAwait(false);
            foreach (var item in page.GetProperty("items").EnumerateArray())
            {
                names.Add(item.GetProperty("metadata").GetProperty("name").GetString()!);
            }

            token = page.GetProperty("metadata").TryGetProperty("continue", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (!string.IsNullOrEmpty(token));
        return names;
    }

    /// <summary>Polls until <paramref name="condition"/> holds; false after <paramref name="timeout"/>.</summary>
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, int pollMs = 100)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (await condition().ConfigureAwait(false))
            {
                return true;
            }

            await Task.Delay(pollMs).ConfigureAwait(false);
        }

        return false;
    }

    /// <summary>Waits until the operator's /readyz answers 200 (every informer synced); returns the time it was first seen.</summary>
    public static async Task<long> WaitReadyAsync(int port, OperatorProcess op, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var ready = await UntilAsync(async () =>
        {
            if (op.HasExited)
            {
                throw new InvalidOperationException("the operator exited before it was ready");
            }

            try
            {
                return (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/readyz")).ConfigureAwait(false)).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, timeout, pollMs: 20).ConfigureAwait(false);
        return ready ? Stopwatch.GetTimestamp() : throw new TimeoutException($"the operator was not ready within {timeout}");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
