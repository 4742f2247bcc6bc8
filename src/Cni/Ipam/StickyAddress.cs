using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Multi.Core.Ipam;

namespace Multi.Cni.Ipam;

/// <summary>
/// The preferred address of a StatefulSet-like pod (name ending in <c>-&lt;ordinal&gt;</c>) in a pool with
/// <c>stickyAddresses</c>: a stable hash of (pool, namespace, pod name) onto the pool's allocatable addresses. A pod that
/// comes back gets the same address when it is still free; nothing is reserved while the pod is away, so a dynamic
/// allocation may take it meanwhile (then the pod gets another address).
/// </summary>
internal static class StickyAddress
{
    public static IPAddress? Preferred(IpPoolLayout layout, IpAllocationOwner owner)
    {
        if (!layout.Spec.StickyAddresses || !IsOrdinalName(owner.PodName) || owner.PodNamespace.Length == 0)
        {
            return null;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{layout.Pool}/{owner.PodNamespace}/{owner.PodName}"));
        var value = new UInt128(BitConverter.ToUInt64(hash, 0), BitConverter.ToUInt64(hash, 8));
        return layout.AddressAt(value % layout.Capacity);
    }

    private static bool IsOrdinalName(string podName)
    {
        var dash = podName.LastIndexOf('-');
        return dash > 0 && dash < podName.Length - 1
            && int.TryParse(podName.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }
}
