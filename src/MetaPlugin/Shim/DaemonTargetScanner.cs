using System.Text.Json;
using System.Text.Unicode;
using Multi.Core.Cni;
using Multi.Core.Daemon;

namespace Multi.MetaPlugin.Shim;

/// <summary>
/// Finds the daemon socket in the configuration on stdin with one forward pass of <see cref="Utf8JsonReader"/> (no JSON tree:
/// the shim must start fast). <c>multi</c> reads the top-level <c>daemonSocket</c> and <c>delegateTimeoutSeconds</c>;
/// <c>multi-ipam</c> reads <c>ipam.daemonSocket</c>. Null — run in-process — when the document is not valid JSON, names no
/// socket, or gives one of these keys a value (or a second time) the configuration parsers refuse: the in-process path then
/// reports the error as it always has.
/// </summary>
internal sealed class DaemonTargetScanner
{
    /// <summary>How long the shim waits beyond the delegate timeout, by which the daemon bounds the request.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);

    /// <summary>multi-ipam's bound: the default delegate timeout plus <see cref="Margin"/>.</summary>
    public static readonly TimeSpan IpamWait = TimeSpan.FromSeconds(62);

    private const double DefaultDelegateTimeoutSeconds = 60;
    private const double MaxDelegateTimeoutSeconds = 3600;

    private readonly DaemonPlugin plugin;
    private string? socket;
    private bool socketSeen;
    private double? delegateTimeoutSeconds;
    private bool invalid;

    private DaemonTargetScanner(DaemonPlugin plugin) => this.plugin = plugin;

    public static DaemonTarget? Find(DaemonPlugin plugin, ReadOnlySpan<byte> stdin)
    {
        if (stdin.Length > InputLimits.MaxDocumentBytes || !Utf8.IsValid(stdin))
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(stdin);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var scan = new DaemonTargetScanner(plugin);
            scan.ScanObject(ref reader, ipamSection: false);
            while (reader.Read())
            {
                // Whitespace only after the root object; the reader throws on anything else.
            }

            return scan.Target();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    private DaemonTarget? Target()
    {
        if (invalid || socket is null)
        {
            return null;
        }

        var wait = plugin == DaemonPlugin.Multi ? TimeSpan.FromSeconds(delegateTimeoutSeconds ?? DefaultDelegateTimeoutSeconds) + Margin : IpamWait;
        return new DaemonTarget(socket, wait);
    }

    /// <summary>Reads the members of the object the reader stands on, up to and including its end.</summary>
    private void ScanObject(ref Utf8JsonReader reader, bool ipamSection)
    {
        var multi = plugin == DaemonPlugin.Multi;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isSocket = (multi || ipamSection) && reader.ValueTextEquals("daemonSocket"u8);
            var isTimeout = multi && reader.ValueTextEquals("delegateTimeoutSeconds"u8);
            var isIpam = !multi && !ipamSection && reader.ValueTextEquals("ipam"u8);
            reader.Read();
            if (isSocket)
            {
                ReadSocket(ref reader);
            }
            else if (isTimeout)
            {
                ReadDelegateTimeout(ref reader);
            }
            else if (isIpam && reader.TokenType == JsonTokenType.StartObject)
            {
                ScanObject(ref reader, ipamSection: true);
            }

            // A no-op on a scalar or on an object scanned to its end; otherwise skips the whole value.
            reader.Skip();
        }
    }

    /// <summary>A string naming an absolute path the parsers accept; null and "" mean unset.</summary>
    private void ReadSocket(ref Utf8JsonReader reader)
    {
        invalid |= socketSeen;
        socketSeen = true;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        var path = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (path is null || (path.Length > 0 && (!path.StartsWith('/') || InputLimits.PathError(path) is not null)))
        {
            invalid = true;
            return;
        }

        socket = path.Length > 0 ? path : null;
    }

    /// <summary>A number of seconds in (0, 3600], as <c>MetaPluginConfigParser</c> accepts it; null means the default.</summary>
    private void ReadDelegateTimeout(ref Utf8JsonReader reader)
    {
        invalid |= delegateTimeoutSeconds is not null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var seconds) && seconds is > 0 and <= MaxDelegateTimeoutSeconds)
        {
            delegateTimeoutSeconds = seconds;
        }
        else
        {
            invalid = true;
        }
    }
}
