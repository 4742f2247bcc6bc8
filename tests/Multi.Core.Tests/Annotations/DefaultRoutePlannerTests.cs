using System.Collections.Immutable;
using System.Net;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Xunit;

namespace Multi.Core.Tests.Annotations;

public sealed class DefaultRoutePlannerTests
{
    // Each attachment: "-" = key absent, "" = empty array, else gateways separated by ' '.
    [Theory]
    [InlineData("-|-|-", "inactive")]
    [InlineData("-|10.0.0.1|-", "v4=gw 10.0.0.1@1;v6=untouched")]
    [InlineData("-|fd00::1|-", "v4=untouched;v6=gw fd00::1@1")]
    [InlineData("-|10.0.0.1 fd00::1|-", "v4=gw 10.0.0.1@1;v6=gw fd00::1@1")]
    [InlineData("-|10.0.0.1|fd00::1", "v4=gw 10.0.0.1@1;v6=gw fd00::1@2")]
    [InlineData("-||-", "v4=keep 1;v6=keep 1")]
    [InlineData("||", "v4=keep 0,1,2;v6=keep 0,1,2")]
    [InlineData("-||10.0.0.1", "v4=gw 10.0.0.1@2;v6=keep 1")]
    [InlineData("-|10.0.0.1 10.0.0.1|-", "v4=gw 10.0.0.1@1;v6=untouched")]
    public void Plan_Valid(string attachments, string expected)
    {
        var plan = DefaultRoutePlanner.Plan("ns/pod", Requests(attachments)).Unwrap();

        Assert.Equal(expected, Describe(plan));
    }

    [Theory]
    [InlineData("-|10.0.0.1 10.0.0.2|-", "IPv4", "10.0.0.1 (network ns/n1), 10.0.0.2 (network ns/n1)")]
    [InlineData("-|10.0.0.1|10.0.0.2", "IPv4", "10.0.0.1 (network ns/n1), 10.0.0.2 (network ns/n2)")]
    [InlineData("-|10.0.0.1|10.0.0.1", "IPv4", "10.0.0.1 (network ns/n1), 10.0.0.1 (network ns/n2)")]
    [InlineData("fd00::1|10.0.0.1|fd00:0::2", "IPv6", "fd00::1 (network ns/n0), fd00::2 (network ns/n2)")]
    public void Plan_TwoGatewaysOfOneFamily_IsRejectedAsEcmp(string attachments, string family, string list)
    {
        var error = DefaultRoutePlanner.Plan("ns/pod", Requests(attachments)).Error;

        Assert.NotNull(error);
        Assert.Equal(CniErrorCode.InvalidAnnotation, error.Code);
        Assert.Equal($"pod ns/pod: ECMP default routes are not supported: more than one {family} default-route gateway is requested: {list}", error.Msg);
    }

    [Theory]
    [InlineData(DefaultRouteMode.Untouched, 0, false)]
    [InlineData(DefaultRouteMode.Gateway, 1, true)]
    [InlineData(DefaultRouteMode.Gateway, 0, true)]
    [InlineData(DefaultRouteMode.KeepOwn, 1, false)]
    [InlineData(DefaultRouteMode.KeepOwn, 0, true)]
    public void RemovesDelegateRoutes_FollowsTheMode(DefaultRouteMode mode, int position, bool removes)
    {
        var plan = new FamilyRoutePlan(mode, mode == DefaultRouteMode.Gateway ? IPAddress.Loopback : null, mode == DefaultRouteMode.Gateway ? 1 : null, mode == DefaultRouteMode.KeepOwn ? [1] : []);

        Assert.Equal(removes, plan.RemovesDelegateRoutes(position));
    }

    private static List<DefaultRouteRequest> Requests(string attachments) =>
        [.. attachments.Split('|').Select((a, i) => new DefaultRouteRequest(
            i,
            $"ns/n{i}",
            a == "-" ? null : a.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(IPAddress.Parse).ToImmutableArray()))];

    private static string Describe(DefaultRoutePlan plan) =>
        plan.Active ? $"v4={Describe(plan.IPv4)};v6={Describe(plan.IPv6)}" : "inactive";

    private static string Describe(FamilyRoutePlan plan) => plan.Mode switch
    {
        DefaultRouteMode.Gateway => $"gw {plan.Gateway}@{plan.GatewayPosition}",
        DefaultRouteMode.KeepOwn => $"keep {string.Join(',', plan.KeepPositions)}",
        _ => "untouched",
    };
}
