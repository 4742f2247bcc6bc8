using Multi.Cni.Logging;
using Multi.Cni.State;
using Multi.Core.Annotations;
using Multi.Core.Cni;
using Multi.Core.Delegates;
using Multi.Core.State;

namespace Multi.Cni.Verbs;

/// <summary>
/// The second source of DEL: the file Multus keeps per container, looked up in <c>cniDir</c> and then in
/// <c>multusCniDir</c>, so that pods attached by Multus are detached cleanly after switching to Multi. An unreadable
/// or corrupt file counts as missing.
/// </summary>
internal static class MultusCache
{
    public static List<CachedAttachment>? Read(VerbContext ctx, out string? path)
    {
        path = null;
        foreach (var candidate in new[] { ctx.Config.CniDir, ctx.Config.MultusCniDir }.Distinct().Select(d => Path.Combine(d, ctx.Request.ContainerId)))
        {
            if (!File.Exists(candidate))
            {
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = CallerFile.ReadAllBytes(candidate, 16 * 1024 * 1024);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                ctx.Logger.CorruptMultusCache(candidate, ex.Message);
                continue;
            }

            var parsed = MultusCacheCodec.Parse(bytes, ctx.Request.IfName, ctx.Config.CniVersion);
            if (!parsed.IsOk)
            {
                ctx.Logger.CorruptMultusCache(candidate, parsed.Error.ToString());
                continue;
            }

            ctx.Logger.DelFromMultusCache(ctx.Request.ContainerId, candidate);
            path = candidate;
            return [.. parsed.Value.Select(e => Attachment(ctx, e))];
        }

        return null;
    }

    public static void Remove(string? path)
    {
        if (path is not null)
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CniException(CniErrorCode.CacheFailure, $"cannot remove the Multus cache file {path}", ex.Message);
            }
        }
    }

    /// <summary>The requests Multus recorded become the same CNI_ARGS and capability arguments the ADD had.</summary>
    private static CachedAttachment Attachment(VerbContext ctx, MultusCacheEntry entry)
    {
        var requests = entry.Position == 0 || (entry.MacRequest is null && entry.IpRequest.IsEmpty)
            ? null
            : new NetworkSelection(string.Empty, entry.Network.Name, Ips: entry.IpRequest, Mac: entry.MacRequest);
        return ctx.Pending(entry.Position, "multus-cache", entry.IfName, entry.Network, requests);
    }
}
