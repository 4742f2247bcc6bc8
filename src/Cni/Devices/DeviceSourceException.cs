namespace Multi.Cni.Devices;

/// <summary>A device source that cannot be read: absent, not answering in time, or answering garbage.</summary>
internal sealed class DeviceSourceException(string message, Exception? inner = null) : Exception(message, inner);
