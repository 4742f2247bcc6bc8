using System.Diagnostics.Tracing;

namespace Multi.Bench.Ipam;

/// <summary>
/// The runtime's allocation ticks (one event per ~100 KB allocated, naming the type that crossed it), summed by type: which
/// types an operation's bytes go to (<c>--allocations</c>, with <c>--plugin-only</c>).
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, long> bytes = new(StringComparer.Ordinal);

    /// <summary>The types with the largest share of the sampled bytes, as "share type" lines.</summary>
    public IEnumerable<string> Top(int count)
    {
        lock (bytes)
        {
            var total = Math.Max(1, bytes.Values.Sum());
            return bytes.OrderByDescending(p => p.Value).Take(count).Select(p => $"{100.0 * p.Value / total,5:0.0} % {p.Key}").ToList();
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName?.StartsWith("GCAllocationTick", StringComparison.Ordinal) != true || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        var type = eventData.PayloadNames.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload[t] as string ?? "?" : "?";
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(eventData.Payload[a], System.Globalization.CultureInfo.InvariantCulture) : 0;
        lock (bytes)
        {
            bytes[type] = bytes.GetValueOrDefault(type) + amount;
        }
    }
}
