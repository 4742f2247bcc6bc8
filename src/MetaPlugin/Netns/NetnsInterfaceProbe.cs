using System.Runtime.InteropServices;

namespace Multi.MetaPlugin.Netns;

/// <summary>
/// Enters the pod's network namespace on a thread of its own (setns changes only the calling thread, and the
/// thread ends right after) and asks the kernel for the interface's index.
/// </summary>
internal sealed partial class NetnsInterfaceProbe : IInterfaceProbe
{
    private const int OpenReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC
    private const int CloneNewNet = 0x40000000;

    public bool? Exists(string netnsPath, string ifName)
    {
        bool? answer = null;
        var thread = new Thread(() => answer = ProbeOnThisThread(netnsPath, ifName), maxStackSize: 256 * 1024) { IsBackground = true };
        thread.Start();
        thread.Join();
        return answer;
    }

    private static bool? ProbeOnThisThread(string netnsPath, string ifName)
    {
        var fd = Open(netnsPath, OpenReadOnlyCloseOnExec);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            return SetNs(fd, CloneNewNet) == 0 ? IfNameToIndex(ifName) != 0 : null;
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);

    [LibraryImport("libc", EntryPoint = "if_nametoindex", StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint IfNameToIndex(string name);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
