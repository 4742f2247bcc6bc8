using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Multi.Core.Annotations;
using Multi.Core.Cni;

namespace Multi.Core.Config;

/// <summary>Reads <see cref="MetaPluginConfig"/> from the stdin object; a key of the wrong type is code 7 naming it.</summary>
public static class MetaPluginConfigParser
{
    private static readonly string[] MultusDaemonKeys =
    [
        "chrootDir", "socketDir", "metricsPort", "multusConfigFile", "multusAutoconfigDir", "multusMasterCNI",
        "cniConfigDir", "forceCNIVersion", "perNodeCertificate", "auxiliaryCNIChainName", "logOptions",
    ];

    public static Outcome<MetaPluginConfig> Parse(JsonObject raw, string cniVersion)
    {
        try
        {
            return Outcome<MetaPluginConfig>.Ok(ParseChecked(raw, cniVersion));
        }
        catch (FormatException ex)
        {
            return Outcome<MetaPluginConfig>.Fail(CniErrorCode.InvalidNetworkConfig, $"invalid multi configuration: {ex.Message}");
        }
    }

    private static MetaPluginConfig ParseChecked(JsonObject raw, string cniVersion)
    {
        var warnings = ImmutableArray.CreateBuilder<string>();
        var delegates = Json.Array(raw, "delegates").Select((n, i) => Json.AsObject(n, $"delegates[{i}]")).ToImmutableArray();
        if (delegates.Length > InputLimits.MaxAttachments)
        {
            throw new FormatException($"\"delegates\" lists {delegates.Length} networks; the limit is {InputLimits.MaxAttachments}");
        }

        var config = new MetaPluginConfig
        {
            Name = Json.RequireString(raw, "name"),
            CniVersion = cniVersion,
            Delegates = delegates,
            ClusterNetwork = PathValue(raw, "clusterNetwork"),
            DefaultNetworks = PathValues(raw, "defaultNetworks"),
            SystemNamespaces = raw.ContainsKey("systemNamespaces") ? Json.StringArray(raw, "systemNamespaces") : ["kube-system"],
            MultusNamespace = NonEmpty(Json.GetString(raw, "multusNamespace")) ?? "kube-system",
            Kubeconfig = PathValue(raw, "kubeconfig"),
            ConfDir = PathValue(raw, "confDir") ?? MetaPluginConfig.DefaultConfDir,
            CniDir = PathValue(raw, "cniDir") ?? MetaPluginConfig.DefaultCniDir,
            BinDir = PathValue(raw, "binDir") ?? MetaPluginConfig.DefaultBinDir,
            ReadinessIndicatorFile = PathValue(raw, "readinessindicatorfile"),
            ReadinessTimeout = Seconds(raw, "readinessIndicatorTimeoutSeconds") ?? TimeSpan.FromSeconds(45),
            DelegateTimeout = Seconds(raw, "delegateTimeoutSeconds") ?? TimeSpan.FromSeconds(60),
            RetryDeleteOnError = Json.GetLenientBool(raw, "retryDeleteOnError") ?? false,
            DaemonSocket = AbsolutePathValue(raw, "daemonSocket"),
            NamespaceIsolation = NamespaceIsolationPolicy.Create(Json.GetLenientBool(raw, "namespaceIsolation") ?? false, Json.GetString(raw, "globalNamespaces")),
            VerifyRequests = Json.GetLenientBool(raw, "verifyRequests") ?? true,
            MultusCniDir = PathValue(raw, "multusCniDir") ?? MetaPluginConfig.DefaultMultusCniDir,
            PodResourcesSocket = AbsolutePathValue(raw, "podResourcesSocket") ?? MetaPluginConfig.DefaultPodResourcesSocket,
            PodResourcesTimeout = Seconds(raw, "podResourcesTimeoutSeconds") ?? TimeSpan.FromSeconds(10),
            DeviceCheckpointFile = AbsolutePathValue(raw, "deviceCheckpointFile") ?? Devices.DeviceCheckpoint.DefaultPath,
            DeviceInfoDir = AbsolutePathValue(raw, "deviceInfoDir") ?? Devices.DeviceInfoPaths.DefaultBaseDir,
            LogLevel = ParseLogLevel(Json.GetString(raw, "logLevel"), warnings),
            LogFile = PathValue(raw, "logFile"),
            LogToStderr = Json.GetLenientBool(raw, "logToStderr") ?? true,
            RuntimeConfig = raw["runtimeConfig"] is null ? null : Json.AsObject(raw["runtimeConfig"], "\"runtimeConfig\""),
            PrevResult = raw["prevResult"] is null ? null : Json.AsObject(raw["prevResult"], "\"prevResult\""),
            IgnoredKeys = [.. MultusDaemonKeys.Where(raw.ContainsKey)],
            Warnings = warnings.ToImmutable(),
        };

        if (config.Delegates.IsDefaultOrEmpty && config.ClusterNetwork is null)
        {
            throw new FormatException("neither a non-empty \"delegates\" list nor \"clusterNetwork\" is set");
        }

        return config;
    }

    private static LogLevelSetting ParseLogLevel(string? value, ImmutableArray<string>.Builder warnings)
    {
        // Exactly the four names in any letter case, as Multus matches them (Enum.TryParse would also accept
        // surrounding whitespace and comma-separated combinations).
        switch (value?.ToLowerInvariant())
        {
            case null or "":
                return LogLevelSetting.Panic;
            case "debug":
                return LogLevelSetting.Debug;
            case "verbose":
                return LogLevelSetting.Verbose;
            case "error":
                return LogLevelSetting.Error;
            case "panic":
                return LogLevelSetting.Panic;
            default:
                warnings.Add($"logLevel \"{value}\" is unknown (use debug, verbose, error or panic); keeping panic");
                return LogLevelSetting.Panic;
        }
    }

    private static TimeSpan? Seconds(JsonObject raw, string key)
    {
        var node = raw[key];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var seconds) && seconds > 0 && seconds <= 3600)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        throw new FormatException($"\"{key}\" must be a number of seconds between 0 and 3600, not {node.ToJsonString()}");
    }

    private static string? NonEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>A key naming a file, a directory or a network (a path or a name): no NUL, lengths within <see cref="InputLimits"/>.</summary>
    private static string? PathValue(JsonObject raw, string key)
    {
        var value = NonEmpty(Json.GetString(raw, key));
        return value is not null && InputLimits.PathError(value) is { } error
            ? throw new FormatException($"\"{key}\" {InputLimits.Quote(value)} is invalid: {error}")
            : value;
    }

    /// <summary>A <see cref="PathValue"/> that must also be absolute (a socket the runtime's working directory must not change).</summary>
    private static string? AbsolutePathValue(JsonObject raw, string key)
    {
        var value = PathValue(raw, key);
        return value is not null && !value.StartsWith('/')
            ? throw new FormatException($"\"{key}\" {InputLimits.Quote(value)} must be an absolute path")
            : value;
    }

    private static ImmutableArray<string> PathValues(JsonObject raw, string key)
    {
        var values = Json.StringArray(raw, key);
        if (values.Length > InputLimits.MaxAttachments)
        {
            throw new FormatException($"\"{key}\" names {values.Length} networks; the limit is {InputLimits.MaxAttachments}");
        }

        foreach (var value in values)
        {
            if (InputLimits.PathError(value) is { } error)
            {
                throw new FormatException($"\"{key}\" entry {InputLimits.Quote(value)} is invalid: {error}");
            }
        }

        return values;
    }
}
