using System.Globalization;
using System.Runtime.InteropServices;

namespace Multi.Operator.Hosting;

/// <summary>
/// Unmaps from this process the executable's read-only pages once the host has started. A NativeAOT executable reads
/// its dehydrated metadata (in <c>.rodata</c>) once at start to rebuild it in anonymous memory, and runs start-up code
/// (host building, options, DI) once; those file-backed pages stay in the resident set for the process's life although
/// nothing touches them again (about 18 MiB of a 36 MB executable). <c>madvise(MADV_DONTNEED)</c> on a private read-only
/// mapping only drops the page-table entries: the pages stay in the page cache, and a page used again is mapped again
/// by a minor fault with the same contents. Mappings with anonymous (copy-on-write) pages, such as the relocated
/// RELRO data, and writable mappings are left alone, since dropping those would lose their contents.
/// </summary>
internal static partial class ExecutablePages
{
    private const int MadvDontNeed = 4;

    /// <summary>A mapping of the executable that can be dropped: its address range.</summary>
    internal readonly record struct Range(ulong Start, ulong End);

    /// <summary>Drops the read-only mappings of <paramref name="executable"/> that have no anonymous pages; returns the bytes unmapped.</summary>
    public static long Release(string executable)
    {
        long released = 0;
        foreach (var range in ReadOnlyRanges(File.ReadAllText("/proc/self/smaps"), executable))
        {
            var length = range.End - range.Start;
            if (Madvise((nint)range.Start, (nuint)length, MadvDontNeed) == 0)
            {
                released += (long)length;
            }
        }

        return released;
    }

    /// <summary>
    /// The ranges of <c>/proc/&lt;pid&gt;/smaps</c> text that map <paramref name="executable"/> without write permission
    /// and with <c>Anonymous: 0 kB</c>.
    /// </summary>
    public static IReadOnlyList<Range> ReadOnlyRanges(string smaps, string executable)
    {
        var ranges = new List<Range>();
        Range? current = null;
        foreach (var line in smaps.Split('\n'))
        {
            if (line.StartsWith("Anonymous:", StringComparison.Ordinal))
            {
                if (current is { } range && line.AsSpan("Anonymous:".Length).Trim().SequenceEqual("0 kB"))
                {
                    ranges.Add(range);
                }

                current = null;
            }
            else if (IsHeader(line, out var range, out var writable, out var path))
            {
                current = !writable && path == executable ? range : null;
            }
        }

        return ranges;
    }

    /// <summary>Parses a mapping's header line: <c>start-end perms offset dev inode [path]</c>.</summary>
    private static bool IsHeader(string line, out Range range, out bool writable, out string path)
    {
        (range, writable, path) = (default, false, "");
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 5 || fields[1].Length != 4 || fields[0].Split('-') is not [var low, var high]
            || !ulong.TryParse(low, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
            || !ulong.TryParse(high, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end)
            || end <= start)
        {
            return false;
        }

        (range, writable, path) = (new Range(start, end), fields[1][1] == 'w', fields.Length == 6 ? fields[5].Trim() : "");
        return true;
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(nint address, nuint length, int advice);
}
