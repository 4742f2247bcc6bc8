using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Multi.Cni.Delegation;
using Multi.Cni.Kube;
using Multi.Cni.Logging;
using Multi.Cni.Netns;
using Multi.Cni.Networks;
using Multi.Cni.State;
using Multi.Cni.Verbs;
using Multi.Core.Cni;
using Multi.Core.Config;

namespace Multi.Cni;

/// <summary>Validates a request, builds the verb's context and turns every outcome into stdout and an exit status.</summary>
internal sealed class Dispatcher(IPluginExecutor executor, IInterfaceProbe probe, IRouteEditor routes, IKubeApiFactory? kube, TimeProvider clock, TextWriter stderr)
{
    /// <summary>True in the node daemon, which lives on after its answers: cleanup that need not delay one runs after it.</summary>
    public bool LongLived { get; init; }

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
        if (NetnsError(request) is { } netnsError)
        {
            logger.Failed(request.Command.Name(), netnsError.ToString());
            return PluginOutcome.Failure(netnsError, request.CniVersion);
        }

        try
        {
            var ctx = new VerbContext(
                request,
                config.Value,
                new DelegateRunner(executor, VerbContext.SearchPath(request, config.Value), config.Value.DelegateTimeout, logger),
                new AttachmentCacheStore(config.Value.CniDir, logger) { UnlinkInBackground = LongLived },
                new NetworkResolver(config.Value),
                probe,
                logger,
                clock) { Cancellation = cancellationToken, Routes = routes, Kube = kube, LongLived = LongLived };
            return PluginOutcome.SuccessUtf8(await RunVerbAsync(ctx).ConfigureAwait(false));
        }
        catch (CniException ex)
        {
            logger.Failed(request.Command.Name(), ex.Error.ToString());
            return PluginOutcome.Failure(ex.Error, request.CniVersion);
        }
        catch (Exception ex) when (BadInput(ex) is { } error)
        {
            logger.Failed(request.Command.Name(), error.ToString());
            return PluginOutcome.Failure(error, request.CniVersion);
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

    /// <summary>
    /// A netns path that exists must be a namespace (an nsfs file, which is a regular file) or a bind mount of one:
    /// anything else is refused before a delegate or the probe opens it, since opening a FIFO blocks.
    /// </summary>
    private static CniError? NetnsError(CniInvocation request) =>
        request.Netns.Length > 0 && CallerFile.Kind(request.Netns) is FileKind.Directory or FileKind.Other
            ? new CniError(CniErrorCode.InvalidEnvironment, $"CNI_NETNS {InputLimits.Quote(request.Netns)} is not a network namespace (it is a directory, a FIFO, a socket or a device)")
            : null;

    /// <summary>
    /// The framework's exceptions for input it rejects, where a check upstream missed them: still the caller's error, with
    /// the matching code and no stack trace. Everything else is a bug (code 999).
    /// </summary>
    internal static CniError? BadInput(Exception ex) => ex switch
    {
        System.Text.Json.JsonException => new CniError(CniErrorCode.DecodingFailure, $"invalid JSON: {ex.Message}"),
        System.Text.DecoderFallbackException or System.Text.EncoderFallbackException => new CniError(CniErrorCode.DecodingFailure, $"invalid text encoding: {ex.Message}"),
        PathTooLongException => new CniError(CniErrorCode.InvalidNetworkConfig, $"a path is too long: {ex.Message}"),
        ArgumentException { ParamName: "path" or "fileName" or "sourceFileName" or "destFileName" or "destinationFileName" } =>
            new CniError(CniErrorCode.InvalidNetworkConfig, $"invalid path: {ex.Message}"),
        _ => null,
    };

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
