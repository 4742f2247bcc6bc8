using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Multi.Cni.Netns;

/// <summary>
/// One background thread that runs short probes inside other network namespaces, one at a time: it enters the target
/// namespace, runs the probe, and goes back to the namespace it started in (opened once, from
/// <c>/proc/thread-self/ns/net</c>). A thread left in a pod's namespace would keep that namespace, and the interfaces in it,
/// alive after the runtime deleted it; so when the way back fails the thread ends (which releases the namespace) and the
/// next probe starts a new one. A probe whose namespace cannot be entered answers <c>default</c>.
/// </summary>
internal static partial class NamespaceThread
{
    private const int OpenReadOnlyCloseOnExec = 0x80000 | 0x800; // O_RDONLY | O_CLOEXEC | O_NONBLOCK: a FIFO must not block
    private const int CloneNewNet = 0x40000000;
    private static readonly Lock Gate = new();
    private static BlockingCollection<Action>? work;

    /// <summary>Starts of the thread so far (a failed return home costs one more).</summary>
    public static int Starts { get; private set; }

    /// <summary><paramref name="probe"/>'s answer inside the namespace at <paramref name="netnsPath"/>; default when it cannot be entered.</summary>
    public static T? Run<T>(string netnsPath, Func<T> probe)
    {
        T? answer = default;
        using var done = new ManualResetEventSlim();
        Queue().Add(() =>
        {
            try
            {
                answer = InNamespace(netnsPath, probe);
            }
            finally
            {
                done.Set();
            }
        });
        done.Wait();
        return answer;
    }

    private static BlockingCollection<Action> Queue()
    {
        lock (Gate)
        {
            if (work is { } live)
            {
                return live;
            }

            var queue = new BlockingCollection<Action>();
            var home = Open("/proc/thread-self/ns/net", OpenReadOnlyCloseOnExec);
            var thread = new Thread(() => Serve(queue, home), maxStackSize: 256 * 1024) { IsBackground = true, Name = "multi-netns" };
            work = queue;
            Starts++;
            thread.Start();
            return queue;
        }
    }

    /// <summary>Runs the queue's probes until a return home fails; then hands the queue's rest to a new thread.</summary>
    private static void Serve(BlockingCollection<Action> queue, int home)
    {
        foreach (var item in queue.GetConsumingEnumerable())
        {
            item();
            if (Where.Away && (home < 0 || SetNs(home, CloneNewNet) != 0))
            {
                _ = Close(home);
                Retire(queue);
                return;
            }

            Where.Away = false;
        }
    }

    /// <summary>This thread cannot go home: new probes go to a new thread, and the ones already queued follow them there.</summary>
    private static void Retire(BlockingCollection<Action> queue)
    {
        lock (Gate)
        {
            if (work == queue)
            {
                work = null;
            }
        }

        queue.CompleteAdding();
        foreach (var left in queue.GetConsumingEnumerable())
        {
            Queue().Add(left);
        }
    }

    private static T? InNamespace<T>(string netnsPath, Func<T> probe)
    {
        var fd = Open(netnsPath, OpenReadOnlyCloseOnExec);
        if (fd < 0)
        {
            return default;
        }

        try
        {
            if (SetNs(fd, CloneNewNet) != 0)
            {
                return default;
            }

            Where.Away = true;
            return probe();
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Whether the serving thread is in another namespace than its own (thread-local: only that thread sets it).</summary>
    private static class Where
    {
        [ThreadStatic]
        public static bool Away;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
