namespace Multi.Core.Daemon;

/// <summary>The fixed 12-byte header every frame starts with, in every protocol version (see <see cref="DaemonProtocol"/>).</summary>
public readonly record struct DaemonFrameHeader(uint Magic, ushort Version, byte Kind, byte Status, int BodyLength);
