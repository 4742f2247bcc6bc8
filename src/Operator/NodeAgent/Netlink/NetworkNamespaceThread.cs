using System.Runtime.InteropServices;

namespace Multi.Operator.NodeAgent.Netlink;

/// <summary>
/// Runs a function on a fresh thread that has joined a network namespace (setns changes only the calling thread; the
/// thread ends afterwards, so no pool thread is left in the namespace). A netlink socket opened there stays bound to that
/// namespace for its whole life, whichever thread later uses it.
/// </summary>
internal static partial class NetworkNamespaceThread
{
    public const string NamedNamespaceDirectory = "/var/run/netns";

    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC
    private const int CloneNewNet = 0x40000000;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);

    /// <summary>The path of a namespace made by <c>ip netns add</c>; the name follows the interface-name rules for paths.</summary>
    public static string PathOf(string name) =>
        name.Length == 0 || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal)
            ? throw new ArgumentException($"network namespace name '{name}' is invalid: non-empty, not '.' or '..', no '/' or NUL", nameof(name))
            : Path.Combine(NamedNamespaceDirectory, name);

    public static T Run<T>(string netnsPath, Func<T> action)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    Enter(netnsPath);
                    result = action();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    failure = e;
                }
            },
            maxStackSize: 256 * 1024)
        { IsBackground = true, Name = "netns " + netnsPath };
        thread.Start();
        thread.Join();
        return failure is null ? result! : throw new IOException($"in network namespace {netnsPath}: {failure.Message}", failure);
    }

    private static void Enter(string netnsPath)
    {
        var fd = Open(netnsPath, ReadOnlyCloseOnExec);
        if (fd < 0)
        {
            throw NetlinkNative.Failure($"open {netnsPath}");
        }

        try
        {
            if (SetNs(fd, CloneNewNet) != 0)
            {
                throw NetlinkNative.Failure($"setns {netnsPath}");
            }
        }
        finally
        {
            _ = NetlinkNative.Close(fd);
        }
    }
}
