using System.Globalization;

namespace Multi.Sandbox.Host;

/// <summary>A process's resident memory as the kernel reports it in <c>/proc/&lt;pid&gt;/status</c> (for the benchmarks).</summary>
internal static class ProcessMemory
{
    /// <summary>Resident set now (VmRSS) and its peak since start (VmHWM), in MiB.</summary>
    public static (double Rss, double Peak) Read(int pid)
    {
        double rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kib(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kib(line) / 1024.0;
            }
        }

        return (rss, peak);
    }

    private static long Kib(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
