namespace Multi.MetaPlugin.Shim;

/// <summary>Where the shim forwards a request, and how long it waits for the daemon's whole answer once connected.</summary>
internal sealed record DaemonTarget(string SocketPath, TimeSpan Wait);
