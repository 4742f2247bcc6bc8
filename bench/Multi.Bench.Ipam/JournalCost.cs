using System.Diagnostics;
using System.Text;
using Multi.Cni.Ipam;

namespace Multi.Bench.Ipam;

/// <summary>What one journal operation costs in a directory, for the report.</summary>
internal static class JournalCost
{
    // The median cost of one journal append (a record of the usual size; the plugin appends two per ADD and one per DEL).
    public static double Append(string directory)
    {
        using var log = new IpamJournalLog(directory, 0);
        var payload = new string('x', 220);
        var samples = new List<double>();
        for (var i = 0; i < 200; i++)
        {
            var start = Stopwatch.GetTimestamp();
            log.Append($"probe_{i:x40}", payload);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }

    // For comparison, the median cost of writing one record as a file of its own (temporary file + rename to a fresh name) and
    // removing it again: what a file-per-record journal pays per ADD and DEL.
    public static (double Write, double Remove) RecordFile(string directory)
    {
        var writes = new List<double>();
        var removes = new List<double>();
        var content = Encoding.UTF8.GetBytes(new string('x', 220));
        for (var i = 0; i < 200; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var path = Path.Combine(directory, $"r{i}.json");
            File.WriteAllBytes(path + ".tmp", content);
            File.Move(path + ".tmp", path, overwrite: true);
            writes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        for (var i = 0; i < 200; i++)
        {
            var start = Stopwatch.GetTimestamp();
            File.Delete(Path.Combine(directory, $"r{i}.json"));
            removes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        writes.Sort();
        removes.Sort();
        return (writes[writes.Count / 2], removes[removes.Count / 2]);
    }
}
