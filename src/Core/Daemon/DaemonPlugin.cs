namespace Multi.Core.Daemon;

/// <summary>Which personality of the binary the shim is: the meta-plugin (<c>multi</c>) or the IPAM plugin (<c>multi-ipam</c>).</summary>
public enum DaemonPlugin : byte
{
    Multi = 1,
    MultiIpam = 2,
}
