using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Multi.Core.Cni;

/// <summary>Turns environment and stdin into a <see cref="CniInvocation"/> in the order of cni-protocol.md, section 2.</summary>
public static class CniRequestParser
{
    public static Outcome<CniInvocation> Parse(CniEnvironment env, ReadOnlySpan<byte> stdin)
    {
        if (env.Command is null)
        {
            return Fail(CniErrorCode.InvalidEnvironment, "CNI_COMMAND is not set");
        }

        var known = CniCommands.TryParse(env.Command, out var command);
        var missing = known ? MissingVariables(command, env) : [];
        if (missing.Count > 0)
        {
            return Fail(CniErrorCode.InvalidEnvironment, $"required environment variables missing: {string.Join(", ", missing)}");
        }

        if (env.ContainerId is { } id && ContainerIdError(id) is { } idError)
        {
            return Fail(CniErrorCode.InvalidEnvironment, $"CNI_CONTAINERID {InputLimits.Quote(id)} is invalid: {idError}");
        }

        if (env.IfName is { } ifName && InterfaceNameError(ifName) is { } ifError)
        {
            return Fail(CniErrorCode.InvalidEnvironment, $"CNI_IFNAME {InputLimits.Quote(ifName)} is invalid: {ifError}");
        }

        if (EnvironmentError(env) is { } envError)
        {
            return Fail(CniErrorCode.InvalidEnvironment, envError);
        }

        if (known && command == CniCommand.Version)
        {
            return Outcome<CniInvocation>.Ok(new CniInvocation(command, VersionEcho(stdin), string.Empty, string.Empty, string.Empty, CniArgs.Empty, SplitPath(env.Path), null));
        }

        if (stdin.Length > InputLimits.MaxDocumentBytes)
        {
            return Fail(CniErrorCode.InvalidNetworkConfig, $"the network configuration on stdin is larger than the limit of {InputLimits.MaxDocumentBytes} bytes");
        }

        var config = ParseConfig(stdin);
        if (!config.IsOk)
        {
            return Outcome<CniInvocation>.Fail(config.Error);
        }

        var version = Json.GetString(config.Value, "cniVersion") is { Length: > 0 } v ? v : CniVersion.V010;
        if (!known)
        {
            return Fail(CniErrorCode.InvalidEnvironment, $"unknown CNI_COMMAND {InputLimits.Quote(env.Command)}", version);
        }

        if (VersionError(command, version) is { } versionError)
        {
            return Outcome<CniInvocation>.Fail(versionError);
        }

        return Outcome<CniInvocation>.Ok(new CniInvocation(
            command,
            version,
            env.ContainerId ?? string.Empty,
            env.Netns ?? string.Empty,
            env.IfName ?? string.Empty,
            CniArgs.Parse(env.Args),
            SplitPath(env.Path),
            config.Value));
    }

    /// <summary>The version an error should carry: the request's when stdin names one, otherwise the latest.</summary>
    public static string VersionEcho(ReadOnlySpan<byte> stdin)
    {
        if (stdin.Length > InputLimits.MaxDocumentBytes)
        {
            return CniVersion.Latest;
        }

        try
        {
            return Json.Parse(stdin) is JsonObject o && o["cniVersion"] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0
                ? s
                : CniVersion.Latest;
        }
        catch (JsonException)
        {
            return CniVersion.Latest;
        }
    }

    private static readonly System.Buffers.SearchValues<char> ContainerIdCharacters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");

    public static bool IsContainerId(string id) =>
        id.Length > 0 && char.IsAsciiLetterOrDigit(id[0]) && !id.AsSpan().ContainsAnyExcept(ContainerIdCharacters);

    /// <summary>Why a container ID (or a network name, which has the same grammar) is invalid, or null.</summary>
    public static string? ContainerIdError(string id, int limit = InputLimits.MaxContainerIdBytes) =>
        !IsContainerId(id) ? "it must start with a letter or digit, followed by letters, digits, '_', '.' or '-'"
        : id.Length > limit ? $"it is {id.Length} bytes long; the limit is {limit} bytes"
        : null;

    /// <summary>The variables that become paths or are passed on: no NUL, valid Unicode, bounded lengths (<see cref="InputLimits"/>).</summary>
    private static string? EnvironmentError(CniEnvironment env)
    {
        if (env.Netns is { } netns && InputLimits.PathError(netns) is { } netnsError)
        {
            return $"CNI_NETNS {InputLimits.Quote(netns)} is invalid: {netnsError}";
        }

        if (env.Path is { } path)
        {
            if (InputLimits.LengthError(path, InputLimits.MaxListVariableBytes) is { } lengthError)
            {
                return $"CNI_PATH is invalid: {lengthError}";
            }

            foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
            {
                if (InputLimits.PathError(dir) is { } dirError)
                {
                    return $"CNI_PATH entry {InputLimits.Quote(dir)} is invalid: {dirError}";
                }
            }
        }

        if (env.Args is { } args)
        {
            var argsError = args.Contains('\0', StringComparison.Ordinal) ? "it contains a NUL character"
                : InputLimits.TextError(args) ?? InputLimits.LengthError(args, InputLimits.MaxListVariableBytes);
            if (argsError is not null)
            {
                return $"CNI_ARGS is invalid: {argsError}";
            }
        }

        return env.Command is { } command && (command.Contains('\0', StringComparison.Ordinal) || InputLimits.TextError(command) is not null)
            ? "CNI_COMMAND is invalid: it contains a NUL character or invalid Unicode"
            : null;
    }

    /// <summary>Why a Linux interface name is invalid, or null when it is valid.</summary>
    public static string? InterfaceNameError(string name)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(name);
        if (bytes is 0 or > 15)
        {
            return "it must be 1 to 15 bytes long";
        }

        if (name is "." or "..")
        {
            return "'.' and '..' are not interface names";
        }

        if (name.Contains('\0', StringComparison.Ordinal) || InputLimits.TextError(name) is not null)
        {
            return "it must not contain a NUL character or invalid Unicode";
        }

        foreach (var c in name)
        {
            if (c is '/' or ':' || char.IsWhiteSpace(c))
            {
                return "it must not contain '/', ':' or whitespace";
            }
        }

        return null;
    }

    private static List<string> MissingVariables(CniCommand command, CniEnvironment env)
    {
        var (needsAttachment, needsNetns, needsPath) = command switch
        {
            CniCommand.Add or CniCommand.Check => (true, true, false),
            CniCommand.Del => (true, false, false),
            CniCommand.Gc => (false, false, true),
            _ => (false, false, false),
        };
        var missing = new List<string>();
        if (needsAttachment && env.ContainerId is null)
        {
            missing.Add("CNI_CONTAINERID");
        }

        if (needsNetns && env.Netns is null)
        {
            missing.Add("CNI_NETNS");
        }

        if (needsAttachment && env.IfName is null)
        {
            missing.Add("CNI_IFNAME");
        }

        if (needsPath && env.Path is null)
        {
            missing.Add("CNI_PATH");
        }

        return missing;
    }

    private static Outcome<JsonObject> ParseConfig(ReadOnlySpan<byte> stdin)
    {
        JsonNode? node;
        try
        {
            node = Json.Parse(stdin);
        }
        catch (JsonException ex)
        {
            return Outcome<JsonObject>.Fail(CniErrorCode.DecodingFailure, "network configuration on stdin is not valid JSON", ex.Message);
        }

        if (node is not JsonObject config)
        {
            return Outcome<JsonObject>.Fail(CniErrorCode.DecodingFailure, "network configuration on stdin must be a JSON object");
        }

        string? name;
        try
        {
            name = Json.GetString(config, "name");
        }
        catch (FormatException ex)
        {
            return Outcome<JsonObject>.Fail(CniErrorCode.InvalidNetworkConfig, ex.Message);
        }

        if (string.IsNullOrEmpty(name))
        {
            return Outcome<JsonObject>.Fail(CniErrorCode.InvalidNetworkConfig, "network configuration has no \"name\"");
        }

        if (ContainerIdError(name, InputLimits.MaxNetworkNameBytes) is { } nameError)
        {
            return Outcome<JsonObject>.Fail(CniErrorCode.InvalidNetworkConfig, $"network name {InputLimits.Quote(name)} is invalid: {nameError}");
        }

        if (config["cniVersion"] is { } cv && (cv is not JsonValue value || !value.TryGetValue<string>(out _)))
        {
            return Outcome<JsonObject>.Fail(CniErrorCode.DecodingFailure, "\"cniVersion\" must be a string");
        }

        return Outcome<JsonObject>.Ok(config);
    }

    private static CniError? VersionError(CniCommand command, string version)
    {
        if (!CniVersion.IsSupported(version))
        {
            return new CniError(CniErrorCode.IncompatibleVersion, $"incompatible CNI versions: config is \"{version}\"", $"config is \"{version}\", plugin supports {CniVersion.SupportedList}");
        }

        var minimum = command switch
        {
            CniCommand.Check => CniVersion.V040,
            CniCommand.Status or CniCommand.Gc => CniVersion.V110,
            _ => null,
        };
        if (minimum is null)
        {
            return null;
        }

        if (!CniVersion.TryParse(version, out _))
        {
            return new CniError(CniErrorCode.DecodingFailure, $"cannot compare config version \"{version}\"");
        }

        return CniVersion.AtLeast(version, minimum)
            ? null
            : new CniError(CniErrorCode.IncompatibleVersion, $"config version \"{version}\" does not allow {command.Name()}", $"{command.Name()} needs {minimum} or later");
    }

    private static ImmutableArray<string> SplitPath(string? path) =>
        path is null ? [] : [.. path.Split(':', StringSplitOptions.RemoveEmptyEntries)];

    private static Outcome<CniInvocation> Fail(uint code, string msg, string? version = null) =>
        Outcome<CniInvocation>.Fail(new CniError(code, msg, version is null ? null : $"request cniVersion {version}"));
}
