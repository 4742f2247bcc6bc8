using System.Net;
using System.Text.Json.Nodes;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Ipam;

namespace Multi.Cni.Ipam;

/// <summary>
/// CHECK: no configured pool has a pending release of this attachment (a DEL ran: it is being torn down), every configured pool
/// holds a claim owned by this attachment, and every address of <c>prevResult</c> is one of them.
/// </summary>
internal static class IpamCheck
{
    public static async Task RunAsync(IpamContext ctx)
    {
        var mine = new List<IpAllocationClaim>();
        foreach (var pool in ctx.Config.Pools)
        {
            if (ctx.Journal.Read(pool, ctx.ContainerId, ctx.IfName) is { State: IpamJournalState.Releasing })
            {
                throw new CniException(CniErrorCode.AllocationMissing, $"pool {pool}: the address of container {ctx.ContainerId} interface {ctx.IfName} is being released (a DEL is pending)");
            }

            var owned = await ctx.Store.OwnedAsync(pool, ctx.ContainerId, ctx.IfName, ctx.Cancellation).ConfigureAwait(false);
            if (owned.Count == 0)
            {
                throw new CniException(CniErrorCode.AllocationMissing, $"pool {pool} holds no address for container {ctx.ContainerId} interface {ctx.IfName}");
            }

            mine.AddRange(owned);
        }

        foreach (var address in PreviousAddresses(ctx.Request.Config))
        {
            if (!mine.Any(c => c.Address.Equals(address)))
            {
                throw new CniException(CniErrorCode.AllocationMissing, $"address {IpText.Canonical(address)} of prevResult is not allocated to container {ctx.ContainerId} interface {ctx.IfName}");
            }
        }
    }

    private static IEnumerable<IPAddress> PreviousAddresses(JsonObject? config)
    {
        if (config?["prevResult"]?["ips"] is not JsonArray ips)
        {
            yield break;
        }

        foreach (var ip in ips)
        {
            if (ip?["address"] is JsonValue v && v.TryGetValue<string>(out var text) && IpText.TryParseAddressOrCidr(text, out var address, out _))
            {
                yield return address;
            }
        }
    }
}
