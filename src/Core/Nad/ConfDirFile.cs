namespace Multi.Core.Nad;

/// <summary>One file of <c>confDir</c> as read by the caller: its file name (no directory) and content.</summary>
public sealed record ConfDirFile(string FileName, ReadOnlyMemory<byte> Content);
