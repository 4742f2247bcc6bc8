using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Multi.Cni.Logging;
using Multi.Cni.State;
using Multi.Core.Cni;
using Multi.Core.Devices;
using Multi.Core.State;

namespace Multi.Cni.Devices;

/// <summary>
/// The NPWG device-info files of attachments (host-interfaces.md, section 10): before the delegate ADD the device plugin's
/// file is copied to the attachment's CNI path (a missing one is not an error), after it the CNI file is read back and
/// checked, and DEL, rollback and GC remove it.
/// </summary>
internal static class DeviceInfoFiles
{
    private const int MaxBytes = 1024 * 1024;

    /// <summary>
    /// Puts the device plugin's file (if any) at the attachment's CNI path; an older file there is removed first. The
    /// directory is created either way, since a delegate declaring <c>CNIDeviceInfoFile</c> may write the file itself.
    /// </summary>
    public static void Offer(string baseDir, CachedAttachment attachment, ILogger logger)
    {
        if (attachment.DeviceInfoFile is not { } target)
        {
            return;
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Delete(target);
            if (attachment is not { ResourceName: { } resource, DeviceId: { } deviceId })
            {
                return;
            }

            var source = DeviceInfoPaths.DpFile(baseDir, resource, deviceId);
            if (CallerFile.Kind(source) != FileKind.Regular)
            {
                return;
            }

            File.WriteAllBytes(target, CallerFile.ReadAllBytes(source, MaxBytes));
            logger.DeviceInfoCopied(source, target);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CniException(CniErrorCode.IoFailure, $"device-info for device {attachment.DeviceId}: cannot prepare {target}: {ex.Message}");
        }
    }

    /// <summary>The checked content of the attachment's CNI file after its ADD; null when there is none.</summary>
    public static JsonObject? Read(CachedAttachment attachment)
    {
        if (attachment.DeviceInfoFile is not { } path || CallerFile.Kind(path) == FileKind.Missing)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = CallerFile.ReadAllBytes(path, MaxBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CniException(CniErrorCode.DelegateFailed, $"device-info file {path} cannot be read: {ex.Message}");
        }

        return DeviceInfo.Parse(bytes, path).Unwrap();
    }

    /// <summary>
    /// Where the attachment's file is: the cached path, else (an attachment re-derived without a cache) the naming rule for
    /// a NAD attachment; null for attachments that cannot have one.
    /// </summary>
    public static string? PathOf(string baseDir, CachedAttachment attachment, string containerId)
    {
        if (attachment.DeviceInfoFile is { } cached)
        {
            return cached;
        }

        var nad = attachment.Origin.StartsWith("nad:", StringComparison.Ordinal) ? attachment.Origin["nad:".Length..]
            : attachment.Origin.StartsWith("nad-or-confDir:", StringComparison.Ordinal) ? attachment.Origin["nad-or-confDir:".Length..]
            : null;
        return nad is null || containerId.Length == 0 ? null : DeviceInfoPaths.CniFile(baseDir, nad, containerId, attachment.IfName);
    }

    /// <summary>Removes the attachment's file; failures are logged, never fatal (DEL must not block).</summary>
    public static void Remove(string baseDir, CachedAttachment attachment, string containerId, ILogger logger)
    {
        if (PathOf(baseDir, attachment, containerId) is not { } path)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was ever offered here.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.DeviceInfoNotRemoved(path, ex.Message);
        }
    }
}
