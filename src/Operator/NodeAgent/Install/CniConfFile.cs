namespace Multi.Operator.NodeAgent.Install;

/// <summary>One candidate file of the CNI conf dir as read: its name and text, or why it could not be read.</summary>
internal sealed record CniConfFile(string Name, string? Text, string? ReadError = null);
