using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Multi.Core.Cni;
using Multi.Core.Config;
using Multi.MetaPlugin.Delegation;
using Multi.MetaPlugin.Kube;
using Multi.MetaPlugin.Logging;
using Multi.MetaPlugin.Netns;
using Multi.MetaPlugin.Networks;
using Multi.MetaPlugin.State;
using Multi.MetaPlugin.Verbs;

namespace Multi.MetaPlugin;

/// <summary>Validates a request, builds the verb's context and turns every outcome into stdout and an exit status.</summary>
internal sealed class Dispatcher(IPluginExecutor executor, IInterfaceProbe probe, IRouteEditor routes, IKubeApiFactory? kube, TimeProvider clock, TextWriter stderr)
{
    public async Task<PluginOutcome> RunAsync(CniEnvironment env, byte[] stdin, CancellationToken cancellationToken = default)
    {
        if (Preliminary(env, stdin, out var request) is { } answered)
        {
            return answered;
        }

        var config = MetaPluginConfigParser.Parse(request.Config!, request.CniVersion);
        var logger = PluginLogger.Create(config.Value, stderr, clock);
        if (!config.IsOk)
        {
            logger.Failed(request.Command.Name(), config.Error.ToString());
            return PluginOutcome.Failure(config.Error, request.CniVersion);
        }

        LogStartup(logger, request, config.Value);
        try
        {
            var ctx = new VerbContext(
                request,
                config.Value,
                new DelegateRunner(executor, VerbContext.SearchPath(request, config.Value), config.Value.DelegateTimeout, logger),
                new AttachmentCacheStore(config.Value.CniDir, logger),
                new NetworkResolver(config.Value),
                probe,
                logger,
                clock) { Cancellation = cancellationToken, Routes = routes, Kube = kube };
            return PluginOutcome.SuccessUtf8(await RunVerbAsync(ctx).ConfigureAwait(false));
        }
        catch (CniException ex)
        {
            logger.Failed(request.Command.Name(), ex.Error.ToString());
            return PluginOutcome.Failure(ex.Error, request.CniVersion);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.Unexpected(request.Command.Name(), ex.ToString());
            return PluginOutcome.Failure(new CniError(CniErrorCode.Internal, $"unexpected internal error in {request.Command.Name()}: {ex.Message}"), request.CniVersion);
        }
    }

    /// <summary>
    /// What every personality of the binary answers before its own work: an invalid request (validated in the order of
    /// cni-protocol.md, section 2) or VERSION. Null when the verb must run with <paramref name="request"/>.
    /// </summary>
    public static PluginOutcome? Preliminary(CniEnvironment env, byte[] stdin, out CniInvocation request)
    {
        var parsed = CniRequestParser.Parse(env, stdin);
        if (!parsed.IsOk)
        {
            request = null!;
            return PluginOutcome.Failure(parsed.Error, CniRequestParser.VersionEcho(stdin));
        }

        request = parsed.Value;
        return request.Command == CniCommand.Version ? PluginOutcome.Success(VersionResult(request.CniVersion)) : null;
    }

    public static JsonObject VersionResult(string cniVersion) => new()
    {
        ["cniVersion"] = cniVersion,
        ["supportedVersions"] = new JsonArray(CniVersion.Supported.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
    };

    /// <summary>The verb's result as the JSON text to print; null for verbs that print nothing.</summary>
    private static async Task<byte[]?> RunVerbAsync(VerbContext ctx)
    {
        switch (ctx.Request.Command)
        {
            case CniCommand.Add:
                return await AddVerb.RunAsync(ctx).ConfigureAwait(false);
            case CniCommand.Del:
                await DelVerb.RunAsync(ctx).ConfigureAwait(false);
                return null;
            case CniCommand.Check:
                await CheckVerb.RunAsync(ctx).ConfigureAwait(false);
                return null;
            case CniCommand.Status:
                await StatusVerb.RunAsync(ctx).ConfigureAwait(false);
                return null;
            case CniCommand.Gc:
                await GcVerb.RunAsync(ctx).ConfigureAwait(false);
                return null;
            default:
                throw new CniException(CniErrorCode.InvalidEnvironment, $"unknown CNI_COMMAND {ctx.Request.Command}");
        }
    }

    private static void LogStartup(ILogger logger, CniInvocation request, MetaPluginConfig config)
    {
        logger.Request(request.Command.Name(), request.ContainerId, request.IfName, request.Netns);
        foreach (var key in config.IgnoredKeys)
        {
            logger.IgnoredKey(key);
        }

        foreach (var warning in config.Warnings)
        {
            logger.ConfigWarning(warning);
        }

        foreach (var segment in request.Args.Malformed)
        {
            logger.MalformedArg(segment);
        }
    }
}
