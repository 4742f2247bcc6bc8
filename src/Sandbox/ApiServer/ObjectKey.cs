namespace Multi.Sandbox.ApiServer;

/// <summary>Identifies a stored object independently of the version it was written through.</summary>
internal sealed record ObjectKey(string Group, string Resource, string Namespace, string Name);
