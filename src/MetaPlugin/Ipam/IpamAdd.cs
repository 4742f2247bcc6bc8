using System.Collections.Immutable;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Cni.Results;
using Multi.Core.Ipam;

namespace Multi.MetaPlugin.Ipam;

/// <summary>
/// ADD: one address per configured pool, in order. When any pool fails, every claim this invocation created is deleted
/// (UID precondition) before the error is returned; claims found from an earlier ADD are kept. The journal records this
/// invocation wrote are removed once their pool holds nothing of it; a record whose claim could not be deleted stays for DEL.
/// </summary>
internal static class IpamAdd
{
    public static async Task<JsonObject> RunAsync(IpamContext ctx)
    {
        var done = new List<PoolAllocation>();
        var uncertain = new List<string>();
        var journaled = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var pool in ctx.Config.Pools)
            {
                done.Add(await PoolAllocation.AllocateAsync(ctx, pool, uncertain, journaled).ConfigureAwait(false));
            }

            if (ctx.Config.Requested.FirstOrDefault(r => !done.Any(d => d.Layout.IsV6 == (r.Address.AddressFamily == AddressFamily.InterNetworkV6))) is { } unmatched)
            {
                throw new CniException(CniErrorCode.AddressNotInPool, $"requested address {unmatched.Text} matches no pool of its family (pools: {string.Join(", ", ctx.Config.Pools)})");
            }

            return ResultCodec.Render(Result(ctx.Request.CniVersion, done), ctx.Request.CniVersion).Unwrap();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await RollbackAsync(ctx, done, uncertain, journaled).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Best effort, never cancelled by the caller: claims created here, and names whose create had no answer when they turn out to be ours.</summary>
    private static async Task RollbackAsync(IpamContext ctx, List<PoolAllocation> done, List<string> uncertain, HashSet<string> journaled)
    {
        // Pools whose journal record must stay: a claim found from an earlier ADD, or one this rollback failed to resolve.
        var keep = done.Where(d => !d.Created).Select(d => d.Claim.Pool).ToHashSet(StringComparer.Ordinal);
        foreach (var allocation in done.Where(d => d.Created))
        {
            try
            {
                await ctx.Store.DeleteAsync(allocation.Claim, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Kube.KubeApiException)
            {
                // Left for DEL (which the runtime sends after a failed ADD; the committed record names it) or GC.
                keep.Add(allocation.Claim.Pool);
            }
        }

        foreach (var name in uncertain)
        {
            try
            {
                if (await ctx.Store.GetAsync(name, CancellationToken.None).ConfigureAwait(false) is { } claim && claim.IsOwnedBy(ctx.ContainerId, ctx.IfName))
                {
                    await ctx.Store.DeleteAsync(claim, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Kube.KubeApiException)
            {
                // As above; the intent record names it.
                keep.Add(name[..name.IndexOf('.', StringComparison.Ordinal)]);
            }
        }

        foreach (var pool in journaled.Where(p => !keep.Contains(p)))
        {
            ctx.Journal.Remove(pool, ctx.ContainerId, ctx.IfName);
        }
    }

    private static CniResult Result(string version, List<PoolAllocation> done)
    {
        var ips = done.Select(d => new CniIpConfig(
            $"{IpText.Canonical(d.Claim.Address)}/{d.Layout.Cidr.PrefixLength}",
            d.Layout.Gateway is { } gw ? IpText.Canonical(gw) : null)).ToImmutableArray();
        var routes = done.SelectMany(d => d.Layout.Spec.Routes).Select(r => new CniRoute(r.Dst, r.Gw)).Distinct().ToImmutableArray();
        var dns = done.Select(d => d.Layout.Spec.Dns).FirstOrDefault(d => d is not null) is { } spec
            ? new CniDns([.. spec.Nameservers], spec.Domain, [.. spec.Search], [.. spec.Options])
            : null;
        return new CniResult(version, [], ips, routes, dns is { IsEmpty: false } ? dns : null);
    }
}
