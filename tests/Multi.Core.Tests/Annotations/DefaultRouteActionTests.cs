using System.Collections.Immutable;
using System.Net;
using Multi.Core.Annotations;
using Multi.Core.Cni.Results;
using Xunit;

namespace Multi.Core.Tests.Annotations;

public sealed class DefaultRouteActionTests
{
    // Attachments as in DefaultRoutePlannerTests; expected per position: "v4:del" / "v4:via 10.0.0.1" joined by ' ', "-" for none.
    [Theory]
    [InlineData("-|-|-", "-|-|-")]
    [InlineData("-|10.0.0.1|-", "v4:del|v4:via 10.0.0.1|v4:del")]
    [InlineData("-|fd00::1|-", "v6:del|v6:via fd00::1|v6:del")]
    [InlineData("-|10.0.0.1|fd00::1", "v4:del v6:del|v4:via 10.0.0.1 v6:del|v4:del v6:via fd00::1")]
    [InlineData("-||-", "v4:del v6:del|-|v4:del v6:del")]
    [InlineData("-||10.0.0.1", "v4:del v6:del|v4:del|v4:via 10.0.0.1 v6:del")]
    public void ActionsFor_EveryPosition_FollowsSection8(string attachments, string expected)
    {
        var requests = attachments.Split('|').Select((a, i) => new DefaultRouteRequest(
            i, $"ns/n{i}", a == "-" ? null : a.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(IPAddress.Parse).ToImmutableArray())).ToList();
        var plan = DefaultRoutePlanner.Plan("ns/pod", requests).Unwrap();

        var actual = string.Join('|', requests.Select(r => Describe(plan.ActionsFor(r.Position))));

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Apply_Removal_DropsOnlyThatFamilysDefaultRoutes()
    {
        var result = Result(new CniRoute("0.0.0.0/0", "10.0.0.1"), new CniRoute("10.1.0.0/16", "10.0.0.1"), new CniRoute("::/0", "fd00::1"));

        var patched = DefaultRoutePlan.Apply(result, [new DefaultRouteAction(System.Net.Sockets.AddressFamily.InterNetwork, null)]);

        Assert.Equal(["10.1.0.0/16 via 10.0.0.1", "::/0 via fd00::1"], patched.Routes.Select(r => $"{r.Dst} via {r.Gw}"));
    }

    [Fact]
    public void Apply_Replace_SetsExactlyOneDefaultRouteViaTheGateway()
    {
        var result = Result(new CniRoute("0.0.0.0/0", "10.0.0.254"), new CniRoute("0.0.0.0/0", "10.0.0.253", Priority: 100));

        var patched = DefaultRoutePlan.Apply(result, [new DefaultRouteAction(System.Net.Sockets.AddressFamily.InterNetwork, IPAddress.Parse("10.0.0.1"))]);

        Assert.Equal(["0.0.0.0/0 via 10.0.0.1"], patched.Routes.Select(r => $"{r.Dst} via {r.Gw}"));
    }

    [Fact]
    public void Apply_ResultWithoutRoutes_GetsTheGatewayRoute()
    {
        var patched = DefaultRoutePlan.Apply(CniResult.Empty("1.0.0"), [new DefaultRouteAction(System.Net.Sockets.AddressFamily.InterNetworkV6, IPAddress.Parse("fd00:0::1"))]);

        Assert.Equal(["::/0 via fd00::1"], patched.Routes.Select(r => $"{r.Dst} via {r.Gw}"));
    }

    private static CniResult Result(params CniRoute[] routes) => CniResult.Empty("1.0.0") with { Routes = [.. routes] };

    private static string Describe(ImmutableArray<DefaultRouteAction> actions) => actions.IsEmpty
        ? "-"
        : string.Join(' ', actions.Select(a => (a.Family == System.Net.Sockets.AddressFamily.InterNetwork ? "v4:" : "v6:") + (a.Gateway is { } gw ? $"via {gw}" : "del")));
}
