using Multi.Core.Cni;

namespace Multi.Core.Daemon;

/// <summary>One CNI call as the shim forwards it: the personality, the six <c>CNI_*</c> variables and the stdin bytes.</summary>
public sealed record DaemonRequest(DaemonPlugin Plugin, CniEnvironment Environment, byte[] Stdin);
