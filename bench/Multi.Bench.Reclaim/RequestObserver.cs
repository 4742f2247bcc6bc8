using System.Collections.Concurrent;
using System.Diagnostics;
using Multi.Sandbox.ApiServer;

namespace Multi.Bench.Reclaim;

/// <summary>
/// The embedded server's per-request callback used as an observer only (it always answers null: serve normally): while
/// recording, every request is kept with its arrival time, so the audit's LIST pages and every other request the operator
/// makes can be told apart and timed.
/// </summary>
internal sealed class RequestObserver
{
    private readonly ConcurrentQueue<ObservedRequest> seen = new();
    private volatile bool recording;

    public void Record() => recording = true;

    public ApiFault? Observe(ApiRequestInfo request)
    {
        if (recording)
        {
            seen.Enqueue(new ObservedRequest(Stopwatch.GetTimestamp(), request.Method, request.Path, request.Query, request.UserAgent));
        }

        return null;
    }

    public IReadOnlyList<ObservedRequest> Snapshot() => [.. seen];
}
