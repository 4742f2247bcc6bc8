using System.Runtime.InteropServices;

namespace Multi.Operator.NodeAgent.Netlink;

/// <summary><c>struct pollfd</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollDescriptor
{
    public int Fd;
    public short Events;
    public short ReturnedEvents;
}
