using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Multi.Cni.Logging;
using Multi.Core;
using Multi.Core.Cni;
using Multi.Core.Cni.Results;
using Multi.Core.Delegates;

namespace Multi.Cni.Delegation;

/// <summary>
/// Runs a delegate network as a chain, the way libcni does (cni-protocol.md, section 6), except that DEL
/// continues past errors. Every error is prefixed with the attachment.
/// </summary>
internal sealed class DelegateRunner(IPluginExecutor executor, ImmutableArray<string> searchPath, TimeSpan timeout, ILogger logger)
{
    public string CniPath { get; } = string.Join(':', searchPath);

    /// <summary>ADD: plugins in order, each receiving the previous output as <c>prevResult</c>; the last output is the result.</summary>
    public async Task<CniResult> AddAsync(NetworkConfigList network, AttachmentContext context, CancellationToken cancellationToken)
    {
        CniResult? previous = null;
        for (var i = 0; i < network.Plugins.Length; i++)
        {
            var output = await InvokeAsync(network, i, CniCommand.Add, context, previous, null, cancellationToken).ConfigureAwait(false);
            var parsed = ResultCodec.Parse(output.Stdout, network.CniVersion);
            previous = parsed.IsOk
                ? parsed.Value
                : throw Failure(context.Label, new CniError(CniErrorCode.DelegateFailed, $"plugin \"{TypeOf(network, i)}\" returned an unusable result: {parsed.Error.Msg}", Encoding.UTF8.GetString(output.Stdout)));
        }

        return previous!;
    }

    /// <summary>DEL: plugins in reverse, all attempted; <paramref name="cached"/> is sent from 0.4.0 on. Returns the errors.</summary>
    public async Task<IReadOnlyList<CniError>> DeleteAsync(NetworkConfigList network, AttachmentContext context, CniResult? cached, CancellationToken cancellationToken)
    {
        var prev = CniVersion.AtLeast(network.CniVersion, CniVersion.V040) ? cached : null;
        var errors = new List<CniError>();
        for (var i = network.Plugins.Length - 1; i >= 0; i--)
        {
            try
            {
                await InvokeAsync(network, i, CniCommand.Del, context, prev, null, cancellationToken).ConfigureAwait(false);
            }
            catch (CniException ex)
            {
                errors.Add(ex.Error);
            }
        }

        return errors;
    }

    /// <summary>CHECK: plugins in order with the cached result; the first error is thrown unchanged but prefixed.</summary>
    public async Task CheckAsync(NetworkConfigList network, AttachmentContext context, CniResult cached, CancellationToken cancellationToken)
    {
        for (var i = 0; i < network.Plugins.Length; i++)
        {
            await InvokeAsync(network, i, CniCommand.Check, context, cached, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>STATUS: plugins in order without attachment variables; the first error is thrown.</summary>
    public async Task StatusAsync(NetworkConfigList network, string label, CancellationToken cancellationToken)
    {
        var context = new AttachmentContext(string.Empty, string.Empty, string.Empty, string.Empty, null, label);
        for (var i = 0; i < network.Plugins.Length; i++)
        {
            await InvokeAsync(network, i, CniCommand.Status, context, null, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>GC: every plugin with this network's own list of valid attachments; continues past errors.</summary>
    public async Task<IReadOnlyList<CniError>> GcAsync(NetworkConfigList network, IReadOnlyList<AttachmentKey> valid, CancellationToken cancellationToken)
    {
        var list = new JsonArray(valid.Select(k => (JsonNode)new JsonObject { ["containerID"] = k.ContainerId, ["ifname"] = k.IfName }).ToArray());
        var extra = new JsonObject { ["cni.dev/valid-attachments"] = list, ["cni.dev/attachments"] = list.DeepClone() };
        var context = new AttachmentContext(string.Empty, string.Empty, string.Empty, string.Empty, null, $"network \"{network.Name}\"");
        var errors = new List<CniError>();
        for (var i = 0; i < network.Plugins.Length; i++)
        {
            try
            {
                await InvokeAsync(network, i, CniCommand.Gc, context, null, extra, cancellationToken).ConfigureAwait(false);
            }
            catch (CniException ex)
            {
                errors.Add(ex.Error);
            }
        }

        return errors;
    }

    private async Task<PluginOutput> InvokeAsync(NetworkConfigList network, int index, CniCommand command, AttachmentContext context, CniResult? prevResult, JsonObject? extra, CancellationToken cancellationToken)
    {
        var config = PluginConfigBuilder.Build(network, index, context.RuntimeConfig, prevResult, extra);
        if (!config.IsOk)
        {
            throw Failure(context.Label, config.Error);
        }

        var type = TypeOf(network, index);
        logger.Delegate(context.Label, command.Name(), type);
        var call = new PluginCall(type, command, Variables(command, context), Encoding.UTF8.GetBytes(JsonText.Write(config.Value)), searchPath, timeout, context.Label);
        PluginOutput output;
        try
        {
            output = await executor.ExecuteAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (CniException ex) when (!ex.Error.Msg.StartsWith(context.Label, StringComparison.Ordinal))
        {
            throw Failure(context.Label, ex.Error);
        }

        if (output.Stderr.Length > 0)
        {
            logger.DelegateStderr(context.Label, output.Stderr.TrimEnd());
        }

        return output.ExitCode == 0 ? output : throw Failure(context.Label, ParseError(type, command, output));
    }

    private Dictionary<string, string?> Variables(CniCommand command, AttachmentContext context)
    {
        var attachmentLess = command is CniCommand.Status or CniCommand.Gc;
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["CNI_COMMAND"] = command.Name(),
            ["CNI_CONTAINERID"] = attachmentLess ? null : context.ContainerId,
            ["CNI_NETNS"] = attachmentLess ? null : context.Netns,
            ["CNI_IFNAME"] = attachmentLess ? null : context.IfName,
            ["CNI_ARGS"] = attachmentLess ? null : context.CniArgs,
            ["CNI_PATH"] = CniPath,
        };
    }

    /// <summary>
    /// A delegate's error: its stdout error object (with or without <c>cniVersion</c>); the stderr text when
    /// stdout is empty; code 101 with the raw text when stdout cannot be read. Whatever the plugin wrote to stderr
    /// is kept (its last <see cref="StderrTail"/> characters) in <c>details</c>.
    /// </summary>
    internal static CniError ParseError(string type, CniCommand command, PluginOutput output)
    {
        var stdout = Encoding.UTF8.GetString(output.Stdout).Trim();
        var stderr = output.Stderr.Trim();
        if (stdout.Length == 0)
        {
            return new CniError(CniErrorCode.DelegateFailed, $"plugin \"{type}\" {command.Name()} exited with status {output.ExitCode}" + (stderr.Length > 0 ? $": {Tail(stderr)}" : string.Empty));
        }

        try
        {
            if (Json.Parse(output.Stdout) is JsonObject o && o["code"] is JsonValue code && code.TryGetValue<uint>(out var c))
            {
                return new CniError(c, Json.GetString(o, "msg") ?? string.Empty, WithStderr(Json.GetString(o, "details") is { Length: > 0 } d ? d : null, stderr));
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            // Falls through to the raw-text error below.
        }

        return new CniError(CniErrorCode.DelegateFailed, $"plugin \"{type}\" {command.Name()} exited with status {output.ExitCode} and unusable output", WithStderr(stdout, stderr));
    }

    private const int StderrTail = 2048;

    private static string Tail(string text) => text.Length <= StderrTail ? text : "…" + text[^StderrTail..];

    private static string? WithStderr(string? details, string stderr) => stderr.Length == 0
        ? details
        : details is null ? $"stderr: {Tail(stderr)}" : $"{details}; stderr: {Tail(stderr)}";

    private static string TypeOf(NetworkConfigList network, int index) => Json.GetString(network.Plugins[index], "type") ?? string.Empty;

    private static CniException Failure(string label, CniError error) => new(error.WithPrefix(label));
}
