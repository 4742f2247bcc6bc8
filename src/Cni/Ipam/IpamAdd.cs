using System.Collections.Immutable;
using System.Globalization;
using System.Net.Sockets;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Cni.Results;
using Multi.Core.Ipam;

namespace Multi.Cni.Ipam;

/// <summary>
/// ADD: one address per configured pool, in order. When any pool fails, every claim this invocation created is deleted
/// (UID precondition) before the error is returned; claims found from an earlier ADD are kept. The journal records this
/// invocation wrote are removed once their pool holds nothing of it; a record whose claim could not be deleted stays for DEL.
/// </summary>
internal static class IpamAdd
{
    /// <summary>The result, rendered in the request's version.</summary>
    public static async Task<byte[]> RunAsync(IpamContext ctx)
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

            return ResultCodec.RenderUtf8(Result(ctx.Request.CniVersion, done), ctx.Request.CniVersion).Unwrap();
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

    /// <summary>One address per pool, the pools' routes (each once) and the first pool's DNS that has any; loops, not LINQ (every ADD builds it).</summary>
    private static CniResult Result(string version, List<PoolAllocation> done)
    {
        var ips = ImmutableArray.CreateBuilder<CniIpConfig>(done.Count);
        var routes = ImmutableArray.CreateBuilder<CniRoute>();
        IpDnsSpec? spec = null;
        foreach (var d in done)
        {
            ips.Add(new CniIpConfig(
                string.Create(CultureInfo.InvariantCulture, $"{IpText.Canonical(d.Claim.Address)}/{d.Layout.Cidr.PrefixLength}"),
                d.Layout.Gateway is { } gw ? IpText.Canonical(gw) : null));
            foreach (var r in d.Layout.Spec.Routes)
            {
                var route = new CniRoute(r.Dst, r.Gw);
                if (!routes.Contains(route))
                {
                    routes.Add(route);
                }
            }

            spec ??= d.Layout.Spec.Dns;
        }

        var dns = spec is null ? null : new CniDns([.. spec.Nameservers], spec.Domain, [.. spec.Search], [.. spec.Options]);
        return new CniResult(version, [], ips.MoveToImmutable(), routes.ToImmutable(), dns is { IsEmpty: false } ? dns : null);
    }
}
