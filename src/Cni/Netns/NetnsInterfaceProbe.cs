using System.Runtime.InteropServices;

namespace Multi.Cni.Netns;

/// <summary>
/// Asks the kernel for an interface's index or hardware address inside a pod's network namespace. setns changes only the
/// calling thread, so the probes run on one thread of this class's own (<see cref="NamespaceThread"/>), which enters the
/// pod's namespace for each probe and returns to its own right after: one thread for a process's lifetime instead of one
/// per probe (a thread's start cost about as much as the probe, three or more times per ADD).
/// </summary>
internal sealed partial class NetnsInterfaceProbe : IInterfaceProbe
{
    public bool? Exists(string netnsPath, string ifName) =>
        NamespaceThread.Run<bool?>(netnsPath, () => IfNameToIndex(ifName) != 0);

    public string? ReadMac(string netnsPath, string ifName) =>
        NamespaceThread.Run(netnsPath, () => HardwareAddress(ifName));

    /// <summary>SIOCGIFHWADDR on a datagram socket of the current namespace; struct ifreq is 40 bytes, the address at 18.</summary>
    private static unsafe string? HardwareAddress(string ifName)
    {
        var name = System.Text.Encoding.UTF8.GetBytes(ifName);
        if (name.Length >= IfNameSize)
        {
            return null;
        }

        var socket = Socket(AfInet, SockDgramCloseOnExec, 0);
        if (socket < 0)
        {
            return null;
        }

        try
        {
            var request = stackalloc byte[40];
            new Span<byte>(request, 40).Clear();
            name.CopyTo(new Span<byte>(request, IfNameSize));
            if (Ioctl(socket, SiocGifHwAddr, request) != 0)
            {
                return null;
            }

            var mac = new ReadOnlySpan<byte>(request + 18, 6).ToArray();
            return string.Join(':', mac.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        }
        finally
        {
            _ = Close(socket);
        }
    }

    private const int IfNameSize = 16;
    private const int AfInet = 2;
    private const int SockDgramCloseOnExec = 2 | 0x80000;
    private const ulong SiocGifHwAddr = 0x8927;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static unsafe partial int Ioctl(int fd, ulong request, byte* argument);

    [LibraryImport("libc", EntryPoint = "if_nametoindex", StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint IfNameToIndex(string name);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
