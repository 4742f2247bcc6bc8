using System.Runtime.InteropServices;

namespace Multi.Cni.Netns;

/// <summary>
/// Enters the pod's network namespace on a thread of its own (setns changes only the calling thread, and the
/// thread ends right after) and asks the kernel for the interface's index or hardware address.
/// </summary>
internal sealed partial class NetnsInterfaceProbe : IInterfaceProbe
{
    private const int OpenReadOnlyCloseOnExec = 0x80000 | 0x800; // O_RDONLY | O_CLOEXEC | O_NONBLOCK: a FIFO must not block the probe
    private const int CloneNewNet = 0x40000000;

    public bool? Exists(string netnsPath, string ifName)
    {
        bool? answer = null;
        var thread = new Thread(() => answer = ProbeOnThisThread(netnsPath, ifName), maxStackSize: 256 * 1024) { IsBackground = true };
        thread.Start();
        thread.Join();
        return answer;
    }

    public string? ReadMac(string netnsPath, string ifName)
    {
        string? answer = null;
        var thread = new Thread(() => answer = InNamespace(netnsPath, () => HardwareAddress(ifName)), maxStackSize: 256 * 1024) { IsBackground = true };
        thread.Start();
        thread.Join();
        return answer;
    }

    private static bool? ProbeOnThisThread(string netnsPath, string ifName) =>
        InNamespace<bool?>(netnsPath, () => IfNameToIndex(ifName) != 0);

    /// <summary>Runs <paramref name="probe"/> after moving this thread into the namespace; default when that fails.</summary>
    private static T? InNamespace<T>(string netnsPath, Func<T> probe)
    {
        var fd = Open(netnsPath, OpenReadOnlyCloseOnExec);
        if (fd < 0)
        {
            return default;
        }

        try
        {
            return SetNs(fd, CloneNewNet) == 0 ? probe() : default;
        }
        finally
        {
            _ = Close(fd);
        }
    }

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

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);

    [LibraryImport("libc", EntryPoint = "if_nametoindex", StringMarshalling = StringMarshalling.Utf8)]
    private static partial uint IfNameToIndex(string name);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
