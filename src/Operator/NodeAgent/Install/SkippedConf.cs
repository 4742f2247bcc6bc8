namespace Multi.Operator.NodeAgent.Install;

/// <summary>A conf-dir file that was not taken as the primary configuration, and why.</summary>
internal sealed record SkippedConf(string File, string Reason);
