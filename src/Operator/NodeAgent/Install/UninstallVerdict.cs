namespace Multi.Operator.NodeAgent.Install;

/// <summary>Whether a stopping agent is being uninstalled (its DaemonSet gone or being deleted), and why.</summary>
internal sealed record UninstallVerdict(bool Uninstall, string Reason);
