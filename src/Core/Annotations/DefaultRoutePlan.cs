using System.Collections.Immutable;
using System.Net;

namespace Multi.Core.Annotations;

/// <summary>What a family's default routes become after the delegates ran (npwg-behaviour.md, section 8).</summary>
public enum DefaultRouteMode
{
    /// <summary>No attachment asked for anything in this family: routes stay as the delegates installed them.</summary>
    Untouched,

    /// <summary><see cref="FamilyRoutePlan.GatewayPosition"/> gets a default route via the gateway; all others lose theirs.</summary>
    Gateway,

    /// <summary>The attachments of <see cref="FamilyRoutePlan.KeepPositions"/> keep their own routes; all others lose theirs.</summary>
    KeepOwn,
}

public sealed record FamilyRoutePlan(DefaultRouteMode Mode, IPAddress? Gateway, int? GatewayPosition, ImmutableArray<int> KeepPositions)
{
    public static FamilyRoutePlan Untouched { get; } = new(DefaultRouteMode.Untouched, null, null, []);

    /// <summary>True when the attachment at <paramref name="position"/> must lose the default routes its delegate installed.</summary>
    public bool RemovesDelegateRoutes(int position) => Mode switch
    {
        DefaultRouteMode.Gateway => true,
        DefaultRouteMode.KeepOwn => !KeepPositions.Contains(position),
        _ => false,
    };
}

/// <summary>The per-family plan; <see cref="Active"/> is false when no attachment carried <c>default-route</c>.</summary>
public sealed record DefaultRoutePlan(bool Active, FamilyRoutePlan IPv4, FamilyRoutePlan IPv6)
{
    public static DefaultRoutePlan Inactive { get; } = new(false, FamilyRoutePlan.Untouched, FamilyRoutePlan.Untouched);
}

/// <summary>One attachment's <c>default-route</c> key: null when absent, empty when present and empty.</summary>
public sealed record DefaultRouteRequest(int Position, string Network, ImmutableArray<IPAddress>? Gateways);
