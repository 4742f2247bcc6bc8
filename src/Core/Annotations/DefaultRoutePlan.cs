using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;
using Multi.Core.Cni.Results;

namespace Multi.Core.Annotations;

/// <summary>The per-family plan; <see cref="Active"/> is false when no attachment carried <c>default-route</c>.</summary>
public sealed record DefaultRoutePlan(bool Active, FamilyRoutePlan IPv4, FamilyRoutePlan IPv6)
{
    public static DefaultRoutePlan Inactive { get; } = new(false, FamilyRoutePlan.Untouched, FamilyRoutePlan.Untouched);

    /// <summary>The route changes for the attachment at <paramref name="position"/>, IPv4 first; empty when nothing changes.</summary>
    public ImmutableArray<DefaultRouteAction> ActionsFor(int position)
    {
        var actions = ImmutableArray.CreateBuilder<DefaultRouteAction>();
        foreach (var (family, plan) in new[] { (AddressFamily.InterNetwork, IPv4), (AddressFamily.InterNetworkV6, IPv6) })
        {
            if (plan.Mode == DefaultRouteMode.Gateway && plan.GatewayPosition == position)
            {
                actions.Add(new DefaultRouteAction(family, plan.Gateway));
            }
            else if (plan.RemovesDelegateRoutes(position))
            {
                actions.Add(new DefaultRouteAction(family, null));
            }
        }

        return actions.ToImmutable();
    }

    /// <summary>
    /// The delegate's result as the routes now are: its default routes of each acted-on family dropped, and the
    /// replacement route added, so that CHECK and DEL send a consistent <c>prevResult</c>.
    /// </summary>
    public static CniResult Apply(CniResult result, IEnumerable<DefaultRouteAction> actions)
    {
        var routes = result.Routes.IsDefault ? [] : result.Routes;
        foreach (var action in actions)
        {
            routes = routes.RemoveAll(r => IsDefaultOf(r.Dst, action.Family));
            if (action.Gateway is { } gateway)
            {
                routes = routes.Add(new CniRoute(action.DefaultDestination, IpText.Canonical(gateway)));
            }
        }

        return result with { Routes = routes };
    }

    private static bool IsDefaultOf(string dst, AddressFamily family)
    {
        var slash = dst.IndexOf('/', StringComparison.Ordinal);
        return slash > 0
            && IPAddress.TryParse(dst.AsSpan(0, slash), out var address)
            && address.AddressFamily == family
            && dst.AsSpan(slash + 1) is "0"
            && (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any));
    }
}
