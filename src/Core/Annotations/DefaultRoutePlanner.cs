using System.Collections.Immutable;
using System.Net.Sockets;
using Multi.Core.Cni;

namespace Multi.Core.Annotations;

/// <summary>
/// The pre-flight check of <c>default-route</c> (npwg-behaviour.md, section 8): at most one gateway per address
/// family across all attachments; the result says per family which attachment gets the gateway or which keep
/// their own routes.
/// </summary>
public static class DefaultRoutePlanner
{
    public static Outcome<DefaultRoutePlan> Plan(string pod, IReadOnlyList<DefaultRouteRequest> attachments)
    {
        if (!attachments.Any(a => a.Gateways.HasValue))
        {
            return Outcome<DefaultRoutePlan>.Ok(DefaultRoutePlan.Inactive);
        }

        var v4 = PlanFamily(pod, attachments, AddressFamily.InterNetwork, "IPv4");
        if (!v4.IsOk)
        {
            return Outcome<DefaultRoutePlan>.Fail(v4.Error);
        }

        var v6 = PlanFamily(pod, attachments, AddressFamily.InterNetworkV6, "IPv6");
        return v6.IsOk ? Outcome<DefaultRoutePlan>.Ok(new DefaultRoutePlan(true, v4.Value, v6.Value)) : Outcome<DefaultRoutePlan>.Fail(v6.Error);
    }

    private static Outcome<FamilyRoutePlan> PlanFamily(string pod, IReadOnlyList<DefaultRouteRequest> attachments, AddressFamily family, string familyName)
    {
        // The same gateway repeated by one attachment names one gateway; anything else is a second gateway.
        var named = attachments
            .SelectMany(a => (a.Gateways ?? []).Where(g => g.AddressFamily == family).Distinct().Select(g => (Attachment: a, Gateway: g)))
            .ToList();
        if (named.Count > 1)
        {
            var list = string.Join(", ", named.Select(n => $"{IpText.Canonical(n.Gateway)} (network {n.Attachment.Network})"));
            return Outcome<FamilyRoutePlan>.Fail(
                CniErrorCode.InvalidAnnotation,
                $"pod {pod}: ECMP default routes are not supported: more than one {familyName} default-route gateway is requested: {list}");
        }

        if (named.Count == 1)
        {
            return Outcome<FamilyRoutePlan>.Ok(new FamilyRoutePlan(DefaultRouteMode.Gateway, named[0].Gateway, named[0].Attachment.Position, []));
        }

        var keep = attachments.Where(a => a.Gateways is { IsEmpty: true }).Select(a => a.Position).ToImmutableArray();
        return Outcome<FamilyRoutePlan>.Ok(keep.IsEmpty ? FamilyRoutePlan.Untouched : new FamilyRoutePlan(DefaultRouteMode.KeepOwn, null, null, keep));
    }

    /// <summary>Requests from parsed selections paired with their attachment positions.</summary>
    public static IReadOnlyList<DefaultRouteRequest> Requests(IEnumerable<(int Position, NetworkSelection Selection)> attachments) =>
        [.. attachments.Select(a => new DefaultRouteRequest(a.Position, a.Selection.QualifiedName, a.Selection.DefaultRoute))];
}
