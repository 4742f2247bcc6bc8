using System.Net;
using System.Net.Sockets;

namespace Multi.Core.Annotations;

/// <summary>
/// What happens to one attachment's default routes of one family after its delegate ran
/// (npwg-behaviour.md, section 8): all removed, or replaced by one via <see cref="Gateway"/>.
/// </summary>
public sealed record DefaultRouteAction(AddressFamily Family, IPAddress? Gateway)
{
    public bool IsReplace => Gateway is not null;

    /// <summary>The all-zero destination of the family in CIDR form.</summary>
    public string DefaultDestination => Family == AddressFamily.InterNetworkV6 ? "::/0" : "0.0.0.0/0";
}
