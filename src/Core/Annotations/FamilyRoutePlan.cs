using System.Collections.Immutable;
using System.Net;

namespace Multi.Core.Annotations;

/// <summary>One address family's part of a <see cref="DefaultRoutePlan"/>.</summary>
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
